import { IpetError } from './ipet-error.ts';

/** A size cap, rate limit or quota was hit. `retryAfterMs` says when trying again can succeed. */
export class LimitError extends IpetError {
  readonly code = 'limit_exceeded';
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { retryAfterMs?: number; hint?: string } = {}) {
    super(message, { hint: options.hint, isRetryable: options.retryAfterMs !== undefined });
    this.retryAfterMs = options.retryAfterMs;
  }
}
