import { type BucketRate, checkBucketRate, LimitError, type RateLimitRepository } from '../core/index.ts';

/**
 * A per-user request limit (OWASP LLM10: unbounded consumption): a bucket of `capacity` requests regaining
 * `refillPerMinute` a minute, kept in the store's `limits` (the database, or Redis) so every process
 * enforces one limit per user. One round trip per admitted request; a refusal is remembered in this process
 * until it lifts, so a client that keeps sending is refused without one.
 */
export interface RateLimiterOptions extends BucketRate {
  /** What is limited (`generate`, `events`): one bucket per scope and user. */
  scope: string;
  limits: RateLimitRepository;
  /** The limits' clock. Default: real time. */
  now?: () => Date;
  /** Refusals remembered at once; the oldest are forgotten beyond it. Default 10 000. */
  maxKeys?: number;
}

export interface RateLimiter {
  /** Takes one request for `userId`, or throws LimitError with `retryAfterMs`. */
  enforce(userId: string): Promise<void>;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const bucket = checkBucketRate({ capacity: options.capacity, refillPerMinute: options.refillPerMinute });
  const now = options.now ?? (() => new Date());
  const maxKeys = options.maxKeys ?? 10_000;
  const refusedUntil = new Map<string, number>();
  const refuse = (retryAfterMs: number) =>
    new LimitError(`too many requests: try again in ${Math.ceil(retryAfterMs / 1000)} s`, {
      retryAfterMs,
      hint: 'wait a moment, then send again',
    });
  return {
    async enforce(userId) {
      const at = now();
      const wait = (refusedUntil.get(userId) ?? 0) - at.getTime();
      if (wait > 0) throw refuse(wait);
      refusedUntil.delete(userId);
      const outcome = await options.limits.take({ scope: options.scope, userId, at, bucket });
      if (outcome.ok) return;
      refusedUntil.set(userId, at.getTime() + outcome.retryAfterMs);
      while (refusedUntil.size > maxKeys) refusedUntil.delete(refusedUntil.keys().next().value as string);
      throw refuse(outcome.retryAfterMs);
    },
  };
}
