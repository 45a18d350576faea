import type { BucketRate } from '../rate-bucket.ts';

/**
 * One request against a caller's limits: a bucket (bursts and the sustained rate) and optionally a quota
 * per period (e.g. turns per local day). Both are checked and taken together, atomically: a refused
 * request takes nothing.
 */
export interface RateLimitTake {
  /** What is limited (`chat`, `generate`, `events`). */
  scope: string;
  /** Whose limit: a user id. */
  userId: string;
  /** The limits' clock (real time). */
  at: Date;
  bucket: BucketRate;
  /**
   * A quota per named period (`2025-03-04`, the user's local day): at most `limit` counted requests in one
   * period. `count: false` (a retried turn) checks the bucket only and leaves the quota as it is.
   */
  quota?: { period: string; limit: number; count: boolean };
}

export type RateLimitOutcome =
  | { ok: true; remaining: number; quotaUsed: number | null }
  | { ok: false; refusedBy: 'bucket' | 'quota'; retryAfterMs: number };

/**
 * The rate limits' shared state: every process that takes from it (servers, workers, CLI calls) enforces
 * the same limit per user. One round trip per take, whatever the outcome is on the hot path (success).
 */
export interface RateLimitRepository {
  take(request: RateLimitTake): Promise<RateLimitOutcome>;
}
