import { describe, expect, it } from 'vitest';
import { IpetError } from '../core/index.ts';
import { toErrorInfo } from './errors.ts';

/** Shaped like the store's DatabaseError (dialogue does not import the store). */
class FakeDatabaseError extends IpetError {
  readonly code = 'database';
  readonly unavailable: boolean;

  constructor(message: string, unavailable: boolean) {
    super(message, { isRetryable: unavailable });
    this.unavailable = unavailable;
  }
}

describe('toErrorInfo', () => {
  it('tells a lost database (retry after a while) from a refused query, naming neither call nor SQLSTATE', () => {
    const lost = toErrorInfo(new FakeDatabaseError('database call chats.beginTurn failed (08006)', true));
    expect(lost).toMatchObject({ code: 'unavailable', retryable: true, retryAfterMs: 5000 });
    const refused = toErrorInfo(new FakeDatabaseError('database call chats.beginTurn failed (22021)', false));
    expect(refused).toMatchObject({ code: 'internal', retryable: false });
    for (const { message } of [lost, refused]) expect(message).not.toMatch(/chats|08006|22021|database call/);
  });
});
