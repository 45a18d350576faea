import { APICallError } from 'ai';
import { IpetError, ModelCallError, toFailure } from '../core/index.ts';

/** An error as the chat stream reports it: serialisable, with the retry decision made by the error. */
export interface ChatErrorInfo {
  code: string;
  message: string;
  retryable: boolean;
  hint?: string;
  /** When trying again can succeed (limits, a model server's Retry-After). */
  retryAfterMs?: number;
}

/** How long to wait before retrying while the database cannot be reached (the HTTP service says the same). */
const DATABASE_RETRY_AFTER_MS = 5_000;

export function toErrorInfo(error: unknown): ChatErrorInfo {
  // A database error's message names the repository call and SQLSTATE: the logs have it, the caller does not.
  // One that lost its connection (the store's DatabaseError marks it `unavailable`) heals by itself.
  if (IpetError.is(error) && error.code === 'database') {
    return (error as { unavailable?: unknown }).unavailable === true
      ? {
          code: 'unavailable',
          message: 'the service cannot reach its database right now; try again in a few seconds',
          retryable: true,
          retryAfterMs: DATABASE_RETRY_AFTER_MS,
        }
      : { code: 'internal', message: 'something went wrong while answering', retryable: error.isRetryable };
  }
  if (IpetError.is(error)) {
    const { code, retryable, retryAfterMs } = toFailure(error);
    return {
      code,
      message: error.message,
      retryable,
      ...(error.hint ? { hint: error.hint } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  // Unknown errors (a database outage, a bug) are not described to the caller; the logs have them.
  return { code: 'internal', message: 'something went wrong while answering', retryable: true };
}

/** What the model stream reported, as the project's error types (the middleware usually did this already). */
export function toModelError(error: unknown): IpetError {
  if (IpetError.is(error)) return error;
  if (APICallError.isInstance(error)) {
    return new ModelCallError(`the model call failed: ${error.message}`, {
      kind: 'http',
      ...(error.statusCode === undefined ? {} : { status: error.statusCode }),
      isRetryable: error.isRetryable,
      cause: error,
    });
  }
  if (error instanceof Error && error.name === 'AbortError') return abortedError(error);
  const message = error instanceof Error ? error.message : String(error);
  return new ModelCallError(`the model call failed: ${message}`, { kind: 'network', cause: error });
}

export function abortedError(cause?: unknown): ModelCallError {
  return new ModelCallError('the reply was aborted before it finished', {
    kind: 'aborted',
    cause,
    hint: 'send the message again (with the same idempotency key) to get a reply',
  });
}
