import { LimitError } from '../core/index.ts';

/**
 * Token bucket per key (user, IP, API token), in memory, with an injected clock (OWASP LLM10: unbounded
 * consumption). Each key starts full with `capacity` tokens and regains `refillPerMinute` per minute.
 * Process-local: several server processes each keep their own buckets.
 */
export interface RateLimiterOptions {
  capacity: number;
  refillPerMinute: number;
  now: () => Date;
  /** Beyond this many keys, full (idle) buckets are dropped; they would start full anyway. Default 10 000. */
  maxKeys?: number;
}

export type TakeResult =
  | { ok: true; remaining: number }
  | { ok: false; remaining: number; retryAfterMs: number };

export interface RateLimiter {
  /** Takes `cost` tokens (default 1) from `key` when it has them. */
  take(key: string, cost?: number): TakeResult;
  /** Like `take`, but throws LimitError (with `retryAfterMs`) when the key is out of tokens. */
  enforce(key: string, cost?: number): void;
  /** Tokens `key` has now, without taking any. */
  peek(key: string): number;
  reset(key: string): void;
  /** How many keys hold a bucket (memory use). */
  size(): number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { capacity, refillPerMinute, now } = options;
  if (!(Number.isFinite(capacity) && capacity > 0))
    throw new RangeError(`capacity must be > 0, got ${capacity}`);
  if (!(Number.isFinite(refillPerMinute) && refillPerMinute >= 0)) {
    throw new RangeError(`refillPerMinute must be >= 0, got ${refillPerMinute}`);
  }
  const maxKeys = options.maxKeys ?? 10_000;
  const perMs = refillPerMinute / 60_000;
  const buckets = new Map<string, Bucket>();

  const level = (bucket: Bucket, t: number) =>
    Math.min(capacity, bucket.tokens + Math.max(0, t - bucket.at) * perMs);

  const current = (key: string, t: number): Bucket => {
    const bucket = buckets.get(key);
    return bucket ? { tokens: level(bucket, t), at: t } : { tokens: capacity, at: t };
  };

  const prune = (t: number) => {
    if (buckets.size < maxKeys) return;
    for (const [key, bucket] of buckets) if (level(bucket, t) >= capacity) buckets.delete(key);
  };

  const take = (key: string, cost = 1): TakeResult => {
    if (!(Number.isFinite(cost) && cost > 0)) throw new RangeError(`cost must be > 0, got ${cost}`);
    const t = now().getTime();
    const bucket = current(key, t);
    if (!buckets.has(key)) prune(t);
    buckets.set(key, bucket);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    }
    const missing = cost - bucket.tokens;
    const retryAfterMs =
      cost > capacity || perMs === 0 ? Number.POSITIVE_INFINITY : Math.ceil(missing / perMs);
    return { ok: false, remaining: Math.floor(bucket.tokens), retryAfterMs };
  };

  return {
    take,
    enforce(key, cost = 1) {
      const result = take(key, cost);
      if (result.ok) return;
      const finite = Number.isFinite(result.retryAfterMs);
      throw new LimitError(
        finite
          ? `too many requests: try again in ${Math.ceil(result.retryAfterMs / 1000)} s`
          : 'too many requests: this request is larger than the limit allows',
        finite ? { retryAfterMs: result.retryAfterMs, hint: 'wait a moment, then send again' } : {},
      );
    },
    peek(key) {
      return Math.floor(current(key, now().getTime()).tokens);
    },
    reset(key) {
      buckets.delete(key);
    },
    size: () => buckets.size,
  };
}
