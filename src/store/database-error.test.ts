import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../core/index.ts';
import { DatabaseError, guardErrors, isConnectionFailure } from './database-error.ts';

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

describe('isConnectionFailure', () => {
  const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

  it('tells a database that cannot be reached from a query it refused', () => {
    for (const lost of [
      coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      coded('57P01', 'terminating connection due to administrator command'),
      coded('08006'),
      coded('53300', 'sorry, too many clients already'),
      new Error('Connection terminated unexpectedly'),
      new Error('Cannot use a pool after calling end on the pool'),
      new Error('PGlite is closed'),
      new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], ''),
      Object.assign(new Error('Failed query: select 1'), { cause: new Error('Connection terminated') }),
    ]) {
      expect(isConnectionFailure(lost), String(lost)).toBe(true);
    }
    for (const refused of [
      coded('22P05'),
      coded('23505'),
      coded('42P01'),
      new Error('a bug'),
      'text',
      null,
    ]) {
      expect(isConnectionFailure(refused), String(refused)).toBe(false);
    }
  });

  it('marks a DatabaseError unavailable (and retryable) for a lost connection only', () => {
    const lost = new DatabaseError('users.get', new Error('PGlite is closed'));
    expect({ unavailable: lost.unavailable, retryable: lost.isRetryable, reason: lost.reason }).toEqual({
      unavailable: true,
      retryable: true,
      reason: 'database:unavailable',
    });
    expect(isConnectionFailure(lost)).toBe(true);
    const refused = new DatabaseError('pets.create', coded('22P05'));
    expect({ unavailable: refused.unavailable, reason: refused.reason }).toEqual({
      unavailable: false,
      reason: 'database:22P05',
    });
    expect(isConnectionFailure(refused)).toBe(false);
  });
});
