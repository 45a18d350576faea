import { describe, expect, it } from 'vitest';
import { ConfigError, ModelCallError, ModelOutputError, ValidationError } from '../core/index.ts';
import { DatabaseError } from '../store/index.ts';
import { failureReason, NightlyJobError } from './failure.ts';

describe('failureReason', () => {
  it('names the kind of failure without its message', () => {
    const secret = 'my sister Mia said';
    const reasons = [
      new ModelCallError(`429: ${secret}`, { kind: 'rate-limited', status: 429, retryAfterMs: 1000 }),
      new ModelCallError(secret, { kind: 'network' }),
      new ModelOutputError('memory', 3, [secret]),
      new DatabaseError('memories.insert', Object.assign(new Error(secret), { code: '40001' })),
      new ValidationError(secret),
      new TypeError(secret),
    ].map(failureReason);
    expect(reasons).toEqual([
      'model_unavailable:rate-limited:429',
      'model_unavailable:network',
      'model_output_invalid:memory',
      'database:40001',
      'invalid_input',
      'internal:TypeError',
    ]);
    expect(reasons.join(' ')).not.toContain('Mia');
  });
});

describe('NightlyJobError', () => {
  it('keeps the step, the counters and a rate limit, and nothing from the original error', () => {
    const cause = new ModelCallError('slow down, Mia', {
      kind: 'rate-limited',
      status: 429,
      retryAfterMs: 500,
    });
    const error = NightlyJobError.from('world', cause, { ms: 12 });
    expect(error.toOutput()).toEqual({
      step: 'world',
      reason: 'model_unavailable:rate-limited:429',
      report: { ms: 12 },
    });
    expect(error.rateLimited).toEqual({ retryAfterMs: 500 });
    expect(error.retryable).toBe(true);
    expect(error.cause).toBeUndefined();
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('Mia');
  });

  it('is not retryable for configuration and input errors, which waiting does not fix', () => {
    expect(NightlyJobError.from('world', new ConfigError('no model')).retryable).toBe(false);
    expect(NightlyJobError.from('load', new ValidationError('bad')).retryable).toBe(false);
    expect(NightlyJobError.from('load', new DatabaseError('users.get', new Error('x'))).retryable).toBe(true);
    expect(NightlyJobError.from('world', new Error('bug')).retryable).toBe(true);
  });
});
