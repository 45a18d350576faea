/**
 * The rate-limit bucket, as arithmetic: GCRA (the generic cell rate algorithm), which is a token bucket kept
 * as one number, the theoretical arrival time `tat` (ms since the epoch). A bucket of `capacity` tokens that
 * regains `refillPerMinute` a minute admits a request when, after it, `tat - now` stays within `capacity`
 * emission intervals. Every store of limits (the database's upsert, Redis's script, the in-memory one)
 * computes exactly this; this function is their reference and the contract tests compare them with it.
 */
export interface BucketRate {
  /** Requests a caller may make in a burst. */
  capacity: number;
  /** Requests regained per minute (> 0). */
  refillPerMinute: number;
}

/** Milliseconds between two regained requests (the emission interval). */
export function emissionIntervalMs(rate: BucketRate): number {
  return 60_000 / rate.refillPerMinute;
}

export type BucketStep =
  | { ok: true; tat: number; remaining: number }
  | { ok: false; tat: number; remaining: number; retryAfterMs: number };

/**
 * One request against a bucket whose stored arrival time is `tat` (null: never used, or forgotten, which
 * is the same as full). On success `tat` is the value to store; on refusal nothing changes.
 */
export function takeFromBucket(tat: number | null, nowMs: number, rate: BucketRate): BucketStep {
  const interval = emissionIntervalMs(rate);
  const limit = rate.capacity * interval;
  const next = Math.max(tat ?? nowMs, nowMs) + interval;
  const ahead = next - nowMs;
  if (ahead <= limit) {
    return { ok: true, tat: next, remaining: Math.floor((limit - ahead) / interval) };
  }
  const current = tat ?? nowMs;
  return {
    ok: false,
    tat: current,
    remaining: 0,
    retryAfterMs: Math.ceil(ahead - limit),
  };
}

/** Whole requests the bucket would admit now, without taking any. */
export function bucketRemaining(tat: number | null, nowMs: number, rate: BucketRate): number {
  const interval = emissionIntervalMs(rate);
  const ahead = Math.max(tat ?? nowMs, nowMs) - nowMs;
  return Math.max(0, Math.floor((rate.capacity * interval - ahead) / interval));
}

/** Throws a RangeError naming the bad field: the stores cannot represent a bucket without refill. */
export function checkBucketRate(rate: BucketRate): BucketRate {
  if (!(Number.isInteger(rate.capacity) && rate.capacity > 0)) {
    throw new RangeError(`capacity must be a whole number > 0, got ${rate.capacity}`);
  }
  if (!(Number.isFinite(rate.refillPerMinute) && rate.refillPerMinute > 0)) {
    throw new RangeError(`refillPerMinute must be > 0, got ${rate.refillPerMinute}`);
  }
  return rate;
}
