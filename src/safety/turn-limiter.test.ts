import { describe, expect, it } from 'vitest';
import { fixedClock, LimitError } from '../core/index.ts';
import { createTurnLimiter } from './turn-limiter.ts';

const paris = { userId: 'usr_1', timeZone: 'Europe/Paris' };

function setup(options: Parameters<typeof createTurnLimiter>[0]) {
  // 22:00 in Paris (UTC+1 in March).
  const clock = fixedClock('2025-03-10T21:00:00Z');
  return { clock, limiter: createTurnLimiter(options, { now: clock.now }) };
}

const refusal = (fn: () => void): LimitError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof LimitError) return error;
    throw error;
  }
  throw new Error('expected a LimitError');
};

describe('createTurnLimiter', () => {
  it('refuses a burst beyond the bucket with a retryable LimitError saying when to come back', () => {
    const { limiter, clock } = setup({ burst: 2, perMinute: 6, dailyTurns: null });
    limiter.take(paris);
    limiter.take(paris);
    const error = refusal(() => limiter.take(paris));
    expect(error).toMatchObject({ code: 'limit_exceeded', isRetryable: true, retryAfterMs: 10_000 });
    expect(error.message).toMatch(/too many requests/);
    clock.advance(10_000);
    expect(() => limiter.take(paris)).not.toThrow();
  });

  it('enforces the daily quota in the user’s day and resets at their local midnight', () => {
    const { limiter, clock } = setup({ burst: 100, perMinute: 100, dailyTurns: 3 });
    for (let i = 0; i < 3; i++) limiter.take(paris);
    expect(limiter.remaining(paris)).toMatchObject({ today: 0 });
    const error = refusal(() => limiter.take(paris));
    expect(error.message).toMatch(/daily limit reached: 3 messages a day/);
    // 22:00 in Paris: two hours to midnight.
    expect(error.retryAfterMs).toBe(2 * 3_600_000);
    // Another user, same moment: unaffected.
    expect(() => limiter.take({ ...paris, userId: 'usr_2' })).not.toThrow();
    clock.advance(2 * 3_600_000);
    expect(() => limiter.take(paris)).not.toThrow();
    expect(limiter.remaining(paris)).toMatchObject({ today: 2 });
  });

  it('lets retries of failed turns through the quota but not through the rate limit', () => {
    const { limiter } = setup({ burst: 3, perMinute: 1, dailyTurns: 1 });
    limiter.take(paris);
    expect(() => limiter.take(paris)).toThrow(/daily limit/);
    limiter.take({ ...paris, retry: true });
    limiter.take({ ...paris, retry: true });
    expect(() => limiter.take({ ...paris, retry: true })).toThrow(/too many requests/);
  });

  it('takes nothing from the quota when the rate limit refuses', () => {
    const { limiter, clock } = setup({ burst: 1, perMinute: 1, dailyTurns: 2 });
    limiter.take(paris);
    expect(() => limiter.take(paris)).toThrow(/too many requests/);
    expect(limiter.remaining(paris).today).toBe(1);
    clock.advance(60_000);
    limiter.take(paris);
    expect(limiter.remaining(paris).today).toBe(0);
  });

  it('rejects a nonsensical quota', () => {
    expect(() => createTurnLimiter({ dailyTurns: 0 })).toThrow(RangeError);
  });
});
