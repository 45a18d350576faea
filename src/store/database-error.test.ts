import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../core/index.ts';
import { DatabaseError, guardErrors } from './database-error.ts';

/** Shaped like drizzle's DrizzleQueryError around a driver error. */
function queryError(code: string, extra: Record<string, unknown> = {}) {
  const driver = Object.assign(new Error('value "secret user text" is invalid'), { code, ...extra });
  return Object.assign(new Error('Failed query: insert ... params: secret user text'), { cause: driver });
}

describe('guardErrors', () => {
  const repo = guardErrors('memories', {
    insert: async (kind: string) => {
      if (kind === 'pg')
        throw queryError('23514', { table: 'memories', constraint: 'memories_category_check' });
      if (kind === 'conn') throw queryError('08006');
      if (kind === 'domain') throw new NotFoundError('pet', 'pet_1');
      return 'ok';
    },
  });

  it('passes results through', async () => {
    expect(await repo.insert('none')).toBe('ok');
  });

  it('hides parameters and server text, keeps SQLSTATE, table and constraint', async () => {
    const error = await repo.insert('pg').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    const { message, sqlState, isRetryable, code } = error as DatabaseError;
    expect(message).toBe('database call memories.insert failed (23514 memories memories_category_check)');
    expect(message).not.toContain('secret');
    expect({ sqlState, isRetryable, code }).toEqual({
      sqlState: '23514',
      isRetryable: false,
      code: 'database',
    });
  });

  it('marks lost connections retryable', async () => {
    await expect(repo.insert('conn')).rejects.toMatchObject({ isRetryable: true, sqlState: '08006' });
  });

  it('lets domain errors through unchanged', async () => {
    await expect(repo.insert('domain')).rejects.toBeInstanceOf(NotFoundError);
  });
});
