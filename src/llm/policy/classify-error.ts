import { APICallError, JSONParseError, TypeValidationError } from '@ai-sdk/provider';
import { IpetError, ModelCallError } from '../../core/index.ts';
import { parseRetryAfterMs } from './retry-after.ts';
import { isAbortError } from './signals.ts';

/** HTTP statuses worth another attempt: timeouts, conflicts, rate limits and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ConnectionRefused',
  'ConnectionClosed',
  'FailedToOpenSocket',
]);

/**
 * Maps whatever a model call threw to the error that may leave `src/llm`: ipet errors and aborts pass
 * unchanged, everything else becomes a ModelCallError whose kind, status, retryAfterMs and isRetryable are
 * decided here, in one place.
 */
export function toModelCallError(error: unknown, now: () => number = Date.now): Error {
  if (IpetError.is(error) || isAbortError(error)) return error as Error;
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    if (status === undefined) return networkError(error);
    const retryAfterMs = parseRetryAfterMs(error.responseHeaders, now);
    return new ModelCallError(`the model server answered ${status}: ${shorten(error.message)}`, {
      kind: status === 429 ? 'rate-limited' : 'http',
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      cause: error,
      hint: hintForStatus(status),
      // A 2xx whose body could not be processed is a garbled answer: another attempt usually reads fine.
      isRetryable: isRetryableStatus(status) || (status >= 200 && status < 300),
    });
  }
  if (JSONParseError.isInstance(error) || TypeValidationError.isInstance(error)) {
    // The SDK's message quotes the answer (model output that may echo the user): it stays out of ours.
    return new ModelCallError('the model server sent an answer that could not be read', {
      kind: 'http',
      cause: error,
      hint: 'usually a transient glitch of the model server; retry',
      isRetryable: true,
    });
  }
  if (findNetworkCode(error) !== undefined || isFetchFailed(error)) return networkError(error);
  const message = error instanceof Error ? error.message : String(error);
  return new ModelCallError(`the model call failed: ${shorten(message)}`, {
    kind: 'http',
    cause: error,
    hint: 'this is not a transport problem; check the model settings and the logs',
    isRetryable: false,
  });
}

/** The same error with the number of attempts made so far. */
export function withAttempts(error: ModelCallError, attempts: number): ModelCallError {
  if (error.attempts === attempts) return error;
  return new ModelCallError(error.message, {
    kind: error.kind,
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    attempts,
    cause: error.cause,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    isRetryable: error.isRetryable,
  });
}

function networkError(error: unknown): ModelCallError {
  const code = findNetworkCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return new ModelCallError(
    `could not reach the model server${code ? ` (${code})` : ''}: ${shorten(message)}`,
    { kind: 'network', cause: error, isRetryable: true },
  );
}

function findNetworkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isFetchFailed(error: unknown): boolean {
  return (
    error instanceof TypeError && ['fetch failed', 'failed to fetch'].includes(error.message.toLowerCase())
  );
}

function hintForStatus(status: number): string {
  if (status === 401 || status === 403) return 'check the API key (IPET_LLM_API_KEY or OPENAI_API_KEY)';
  if (status === 404) return 'check the model name and base URL (`ipet doctor` lists what the server serves)';
  if (status === 429) return 'the model server is rate limiting; retry later or lower IPET_LLM_CONCURRENCY';
  if (status >= 500) return 'the model server failed; check its logs, then retry';
  return 'the model server rejected the request; check the model settings (`ipet doctor`)';
}

function shorten(message: string): string {
  return message.length > 300 ? `${message.slice(0, 297)}...` : message;
}
