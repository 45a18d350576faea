import type { LogFields, Logger } from '../../core/index.ts';
import { rateLimitOf } from '../../nightly/index.ts';

/**
 * A logger that also notices rate limits. The model middleware retries a 429 by itself and says so only
 * in its log line (`kind: 'rate-limited'`, `status: 429`, `delayMs`), and a call that runs out of retries
 * surfaces as a logged ModelCallError; either calls `onRateLimited` with the server's wait when known.
 * Everything is passed on to `logger` unchanged (its level filter and redaction still apply).
 */
export function watchRateLimits(
  logger: Logger,
  onRateLimited: (retryAfterMs: number | undefined) => void,
): Logger {
  const check = (fields: LogFields | undefined) => {
    if (!fields) return;
    const fromError = rateLimitOf(fields.error);
    if (fromError) {
      onRateLimited(fromError.retryAfterMs);
      return;
    }
    if (fields.kind === 'rate-limited' || fields.status === 429) {
      onRateLimited(typeof fields.delayMs === 'number' ? fields.delayMs : undefined);
    }
  };
  return {
    debug(msg, fields) {
      check(fields);
      logger.debug(msg, fields);
    },
    info(msg, fields) {
      check(fields);
      logger.info(msg, fields);
    },
    warn(msg, fields) {
      check(fields);
      logger.warn(msg, fields);
    },
    error(msg, fields) {
      check(fields);
      logger.error(msg, fields);
    },
  };
}
