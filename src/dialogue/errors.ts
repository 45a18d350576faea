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

export function toErrorInfo(error: unknown): ChatErrorInfo {
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
