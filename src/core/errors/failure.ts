import { IpetError } from './ipet-error.ts';

/**
 * A failure carried as a value, by a step that goes on past it (one session of an extraction batch, a
 * classifier the chat turn can do without), so that whoever decides what happens next reads its kind
 * instead of a message or a log line. The error decides `retryable` (see IpetError), not the caller.
 */
export interface Failure {
  /** The error's stable code: `model_unavailable`, `database`, `invalid_input`, `aborted`, `internal`... */
  readonly code: string;
  /** The kind in more detail, never the message: `model_unavailable:rate-limited:429`, `internal:TypeError`. */
  readonly reason: string;
  /** Whether the same work can succeed when tried again later. */
  readonly retryable: boolean;
  /** When trying again can succeed, if the failure says (a rate limit's Retry-After). */
  readonly retryAfterMs?: number;
  /** The error itself, for logs (which redact) and for rethrowing; not for reports or queues. */
  readonly cause: unknown;
}

/**
 * The failure an error stands for. ipet's own errors say what they are; an abort is `aborted`; anything
 * else (a bug, a driver error that escaped) is `internal` and counted retryable, since nothing says waiting
 * cannot help.
 */
export function toFailure(error: unknown): Failure {
  if (IpetError.is(error)) {
    const retryAfterMs = 'retryAfterMs' in error ? error.retryAfterMs : undefined;
    return {
      code: error.code,
      reason: error.reason,
      retryable: error.isRetryable,
      ...(typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) ? { retryAfterMs } : {}),
      cause: error,
    };
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return { code: 'aborted', reason: 'aborted', retryable: true, cause: error };
  }
  const kind = error instanceof Error ? error.name : typeof error;
  return { code: 'internal', reason: `internal:${kind}`, retryable: true, cause: error };
}
