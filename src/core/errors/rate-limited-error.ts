import type { RateLimitOutcome } from '../ports/rate-limit-repository.ts';
import { LimitError } from './limit-error.ts';

/**
 * A store refused a take from a rate limit (`beginTurn` with a `limit`): what refused it and when to retry.
 * The limiter that asked turns it into the message the caller sees; uncaught, it is still a 429.
 */
export class RateLimitedError extends LimitError {
  readonly refusal: Extract<RateLimitOutcome, { ok: false }>;

  constructor(refusal: Extract<RateLimitOutcome, { ok: false }>) {
    super(`too many requests (${refusal.refusedBy})`, { retryAfterMs: refusal.retryAfterMs });
    this.refusal = refusal;
  }
}
