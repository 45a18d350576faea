import type { Logger, Sleep } from '../../core/index.ts';
import { ModelCallError } from '../../core/index.ts';
import { toModelCallError, withAttempts } from './classify-error.ts';
import { backoffDelayMs } from './retry-after.ts';

export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: Sleep;
  random: () => number;
  now: () => number;
  logger: Logger;
  /** For log lines. */
  name: string;
  /** Called on every rate-limited attempt (429), retried or not, with the server's Retry-After if any. */
  onRateLimited?: (retryAfterMs: number | undefined) => void;
}

/**
 * Whether the transport retry may try again: retryable by the error's own decision, but never when the
 * circuit is open (failing fast is the point) or when the call's signal is aborted (deadline or caller).
 */
export function shouldRetry(error: ModelCallError, signal: AbortSignal | undefined): boolean {
  return error.isRetryable && error.kind !== 'circuit-open' && !signal?.aborted;
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the retries run out. Waits are full-jitter exponential
 * backoff, or exactly what the server asked for with Retry-After; a Retry-After longer than `maxDelayMs`
 * ends the call at once (the error carries `retryAfterMs` for the caller to reschedule).
 */
export async function runWithRetry<T>(
  attempt: (n: number) => Promise<T>,
  signal: AbortSignal | undefined,
  options: RetryOptions,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (raw) {
      const mapped = toModelCallError(raw, options.now);
      if (!(mapped instanceof ModelCallError)) throw mapped;
      const error = withAttempts(mapped, n);
      if (error.kind === 'rate-limited' || error.status === 429) options.onRateLimited?.(error.retryAfterMs);
      if (n > options.maxRetries || !shouldRetry(error, signal)) throw error;
      const delay =
        error.retryAfterMs ??
        backoffDelayMs(n, { baseMs: options.baseDelayMs, maxMs: options.maxDelayMs, random: options.random });
      if (delay > options.maxDelayMs) throw error;
      options.logger.debug('model call failed, retrying', {
        model: options.name,
        attempt: n,
        kind: error.kind,
        status: error.status,
        delayMs: delay,
      });
      try {
        await options.sleep(delay, signal);
      } catch (reason) {
        throw reason instanceof ModelCallError ? withAttempts(reason, n) : reason;
      }
    }
  }
}
