import { describe, expect, it } from 'vitest';
import { fixedClock, LimitError, type RateLimitRepository } from '../core/index.ts';
import { aUser, memoryStore } from '../test/index.ts';
import { createTurnLimiter, type TurnLimiter, type TurnRequest } from './turn-limiter.ts';

const paris = { userId: 'usr_1', timeZone: 'Europe/Paris' };

/** A store's limits, as two processes would share them, counting the round trips. */
async function sharedLimits() {
  const store = memoryStore();
  for (const id of ['usr_1', 'usr_2']) await store.users.create(aUser({ id }));
  const counted = { takes: 0 };
  const limits: RateLimitRepository = {
    take: (request) => {
      counted.takes++;
      return store.limits.take(request);
    },
  };
  return { limits, counted };
}

async function setup(options: Parameters<typeof createTurnLimiter>[0]) {
  // 22:00 in Paris (UTC+1 in March).
  const clock = fixedClock('2025-03-10T21:00:00Z');
  const { limits, counted } = await sharedLimits();
  return { clock, limits, counted, limiter: createTurnLimiter(options, { limits, now: clock.now }) };
}

const refusal = async (limiter: TurnLimiter, turn: TurnRequest): Promise<LimitError> => {
  const error = await limiter.take(turn).catch((e: unknown) => e);
  if (error instanceof LimitError) return error;
  throw new Error(`expected a LimitError, got ${String(error)}`);
};

describe('createTurnLimiter', () => {
  it('refuses a burst beyond the bucket with a retryable LimitError saying when to come back', async () => {
    const { limiter, clock } = await setup({ burst: 2, perMinute: 6, dailyTurns: null });
    await limiter.take(paris);
    await limiter.take(paris);
    const error = await refusal(limiter, paris);
    expect(error).toMatchObject({ code: 'limit_exceeded', isRetryable: true, retryAfterMs: 10_000 });
    expect(error.message).toMatch(/too many requests/);
    clock.advance(10_000);
    await expect(limiter.take(paris)).resolves.toBeUndefined();
  });

  it('enforces the daily quota in the user’s day and resets at their local midnight', async () => {
    const { limiter, clock } = await setup({ burst: 100, perMinute: 100, dailyTurns: 3 });
    for (let i = 0; i < 3; i++) await limiter.take(paris);
    const error = await refusal(limiter, paris);
    expect(error.message).toMatch(/daily limit reached: 3 messages a day/);
    // 22:00 in Paris: two hours to midnight.
    expect(error.retryAfterMs).toBe(2 * 3_600_000);
    // Another user, same moment: unaffected.
    await expect(limiter.take({ ...paris, userId: 'usr_2' })).resolves.toBeUndefined();
    clock.advance(2 * 3_600_000);
    await expect(limiter.take(paris)).resolves.toBeUndefined();
  });

  it('lets retries of failed turns through the quota but not through the rate limit', async () => {
    const { limiter } = await setup({ burst: 3, perMinute: 1, dailyTurns: 1 });
    await limiter.take(paris);
    await expect(limiter.take(paris)).rejects.toThrow(/daily limit/);
    await limiter.take({ ...paris, retry: true });
    await limiter.take({ ...paris, retry: true });
    await expect(limiter.take({ ...paris, retry: true })).rejects.toThrow(/too many requests/);
  });

  it('takes nothing from the quota when the rate limit refuses', async () => {
    const { limiter, clock } = await setup({ burst: 1, perMinute: 1, dailyTurns: 2 });
    await limiter.take(paris);
    await expect(limiter.take(paris)).rejects.toThrow(/too many requests/);
    clock.advance(60_000);
    await limiter.take(paris); // the second of two a day: the refused one did not count
    clock.advance(60_000);
    await expect(limiter.take(paris)).rejects.toThrow(/daily limit/);
  });

  it('is one limit for every limiter on the same store (one per process)', async () => {
    const clock = fixedClock('2025-03-10T21:00:00Z');
    const { limits } = await sharedLimits();
    const processes = [1, 2, 3].map(() =>
      createTurnLimiter({ burst: 4, perMinute: 1, dailyTurns: null }, { limits, now: clock.now }),
    );
    const outcomes = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        processes[i % 3]!.take(paris).then(
          () => 'ok',
          () => 'refused',
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(4);
  });

  it('refuses again without a round trip until the refusal lifts, then asks the store', async () => {
    const { limiter, clock, counted } = await setup({ burst: 1, perMinute: 6, dailyTurns: null });
    await limiter.take(paris);
    await expect(limiter.take(paris)).rejects.toThrow(LimitError);
    const before = counted.takes;
    const again = await refusal(limiter, paris);
    expect(counted.takes).toBe(before);
    expect(again.retryAfterMs).toBe(10_000);
    clock.advance(4_000);
    expect((await refusal(limiter, paris)).retryAfterMs).toBe(6_000);
    expect(counted.takes).toBe(before);
    clock.advance(6_000);
    await expect(limiter.take(paris)).resolves.toBeUndefined();
    expect(counted.takes).toBe(before + 1);
  });

  it('builds the take the store runs with the turn’s rows: the user’s local day, and no quota for a retry', async () => {
    const { limiter } = await setup({ burst: 5, perMinute: 2, dailyTurns: 10 });
    const turn = { userId: 'usr_1', timeZone: 'Asia/Tokyo' }; // 06:00 on the 11th in Tokyo
    expect(limiter.request(turn)).toMatchObject({
      scope: 'chat',
      userId: 'usr_1',
      bucket: { capacity: 5, refillPerMinute: 2 },
      quota: { period: '2025-03-11', limit: 10, count: true },
    });
    expect(limiter.request({ ...turn, retry: true }).quota?.count).toBe(false);
    const told: string[] = [];
    const counting = createTurnLimiter(
      { dailyTurns: 10 },
      { limits: (await sharedLimits()).limits, onRefused: (l) => told.push(l) },
    );
    const error = counting.refused({ ok: false, refusedBy: 'quota', retryAfterMs: 0 }, turn);
    expect(error.message).toMatch(/daily limit/);
    expect(() => counting.check(turn)).toThrow(/daily limit/);
    expect(() => counting.check({ ...turn, retry: true })).not.toThrow();
    expect(told).toEqual(['daily', 'daily']);
  });

  it('rejects a nonsensical quota or rate', async () => {
    const { limits } = await sharedLimits();
    expect(() => createTurnLimiter({ dailyTurns: 0 }, { limits })).toThrow(RangeError);
    expect(() => createTurnLimiter({ perMinute: 0 }, { limits })).toThrow(RangeError);
  });
});
