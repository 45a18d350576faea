import { describe, expect, it } from 'vitest';
import { bucketRemaining, checkBucketRate, takeFromBucket } from './rate-bucket.ts';

const T0 = Date.parse('2025-03-04T13:05:00Z');
const rate = { capacity: 3, refillPerMinute: 6 }; // one back every 10 s

/** Takes `n` at `at` from `tat`, returning the last step and the arrival time after them. */
function takeMany(n: number, at: number, tat: number | null = null) {
  let state = tat;
  let last = takeFromBucket(state, at, rate);
  for (let i = 0; i < n; i++) {
    last = takeFromBucket(state, at, rate);
    if (last.ok) state = last.tat;
  }
  return { last, tat: state };
}

describe('takeFromBucket (GCRA)', () => {
  it('admits a full burst from an unused bucket, counting down what is left', () => {
    const steps = [];
    let tat: number | null = null;
    for (let i = 0; i < 3; i++) {
      const step = takeFromBucket(tat, T0, rate);
      steps.push(step);
      if (step.ok) tat = step.tat;
    }
    expect(steps.map((s) => [s.ok, s.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
    ]);
  });

  it('refuses the request after the burst with the time until one comes back, and changes nothing', () => {
    const { tat } = takeMany(3, T0);
    const refused = takeFromBucket(tat, T0, rate);
    expect(refused).toEqual({ ok: false, tat, remaining: 0, retryAfterMs: 10_000 });
    expect(takeFromBucket(tat, T0 + 4_000, rate)).toMatchObject({ ok: false, retryAfterMs: 6_000 });
    expect(takeFromBucket(tat, T0 + 10_000, rate)).toMatchObject({ ok: true, remaining: 0 });
  });

  it('refills at the sustained rate and never above capacity', () => {
    const { tat } = takeMany(3, T0);
    expect(bucketRemaining(tat, T0 + 25_000, rate)).toBe(2);
    expect(bucketRemaining(tat, T0 + 3_600_000, rate)).toBe(3);
    // A bucket idle for an hour admits one burst, not a pile of saved-up requests.
    const later = takeMany(4, T0 + 3_600_000, tat);
    expect(later.last).toMatchObject({ ok: false });
  });

  it('treats a forgotten bucket (null) as full', () => {
    expect(bucketRemaining(null, T0, rate)).toBe(3);
  });

  it('holds a steady client to the sustained rate', () => {
    let tat: number | null = null;
    let admitted = 0;
    // One request a second for ten minutes: the burst, then six a minute.
    for (let s = 0; s < 600; s++) {
      const step = takeFromBucket(tat, T0 + s * 1000, rate);
      if (step.ok) {
        admitted++;
        tat = step.tat;
      }
    }
    expect(admitted).toBe(3 + 60 - 1);
  });

  it('rejects rates the stores cannot keep', () => {
    expect(() => checkBucketRate({ capacity: 0, refillPerMinute: 1 })).toThrow(RangeError);
    expect(() => checkBucketRate({ capacity: 1.5, refillPerMinute: 1 })).toThrow(RangeError);
    expect(() => checkBucketRate({ capacity: 1, refillPerMinute: 0 })).toThrow(/refillPerMinute/);
  });
});
