import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../core/index.ts';
import { IpetError, toFailure } from '../core/index.ts';
import { DatabaseError, isConnectionFailure } from '../store/index.ts';

/**
 * The one place where error kinds become HTTP statuses. REST bodies are always `{ error: { code, message } }`;
 * the OpenAI-compatible routes (`/v1/...`) answer in OpenAI's shape `{ error: { message, type, code } }`.
 */
const STATUS: Record<string, number> = {
  invalid_input: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  limit_exceeded: 429,
  internal: 500,
  config: 500,
  model_output_invalid: 502,
  model_unavailable: 503,
  unavailable: 503,
};

/** How long a client should wait before retrying while the database cannot be reached. */
export const DATABASE_RETRY_AFTER_MS = 5_000;

const DATABASE_UNAVAILABLE: HttpError = {
  status: 503,
  code: 'unavailable',
  message: 'the service cannot reach its database right now; try again in a few seconds',
  retryAfterMs: DATABASE_RETRY_AFTER_MS,
};

/** A 500's body: what went wrong stays in the log (route, code, SQLSTATE), never in the answer. */
export const INTERNAL_ERROR: HttpError = {
  status: 500,
  code: 'internal',
  message: 'internal error; the operator can find details in the logs',
};

export function statusForCode(code: string): number {
  return STATUS[code] ?? 500;
}

export function statusFor(error: unknown): number {
  if (IpetError.is(error)) return statusForCode(error.code);
  return 500;
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/** OpenAI's error `type` for a status, so that its clients raise the matching exception class. */
function openAiType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status < 500) return 'invalid_request_error';
  return 'server_error';
}

export function openAiErrorBody(status: number, code: string, message: string) {
  return { error: { message, type: openAiType(status), param: null, code } };
}

/** An error as the edge reports it: status, stable code, a message safe to show, when to retry. */
export interface HttpError {
  status: number;
  code: string;
  message: string;
  retryAfterMs?: number;
}

export function toHttpError(error: unknown): HttpError | null {
  // A lost database heals by itself: 503 and when to retry. A query it refused is our bug: a plain 500
  // whose body never carries the repository call or the SQLSTATE.
  if (isConnectionFailure(error)) return DATABASE_UNAVAILABLE;
  if (error instanceof DatabaseError || (IpetError.is(error) && error.code === 'database')) {
    return INTERNAL_ERROR;
  }
  if (IpetError.is(error)) {
    // LimitError, ModelCallError and a chat turn's error say when to try again.
    const { retryAfterMs } = toFailure(error);
    return {
      status: statusFor(error),
      code: error.code,
      message: error.toLine(),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  const fe = error as Partial<FastifyError>;
  if (fe.validation) return { status: 400, code: 'invalid_input', message: String(fe.message) };
  if (fe.statusCode === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, code: 'payload_too_large', message: 'request body is too large' };
  }
  if (fe.statusCode === 415 || fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return {
      status: 415,
      code: 'unsupported_media_type',
      message: 'send the body as JSON (content-type: application/json)',
    };
  }
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return { status: 400, code: 'invalid_input', message: 'the body is not valid JSON' };
  }
  if (error instanceof SyntaxError && fe.statusCode === 400) {
    return { status: 400, code: 'invalid_input', message: 'the body is not valid JSON' };
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, code: 'bad_request', message: String(fe.message) };
  }
  return null;
}

/** True for the OpenAI-compatible surface, whose clients expect OpenAI's error shape. */
export function isOpenAiRoute(url: string): boolean {
  return url === '/v1' || url.startsWith('/v1/');
}

export function sendError(request: FastifyRequest, reply: FastifyReply, http: HttpError) {
  if (http.retryAfterMs !== undefined)
    reply.header('retry-after', Math.max(1, Math.ceil(http.retryAfterMs / 1000)));
  const body = isOpenAiRoute(request.url)
    ? openAiErrorBody(http.status, http.code, http.message)
    : errorBody(http.code, http.message);
  return reply.status(http.status).send(body);
}

export function createErrorHandler(logger: Logger) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const http = toHttpError(error) ?? INTERNAL_ERROR;
    if (http.status >= 500) {
      // Ids and kinds only: the error's reason (`database:22P05`), never the request's text.
      const fields = {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: http.status,
        code: http.code,
        reason: toFailure(error).reason,
        error,
      };
      if (http === INTERNAL_ERROR) logger.error('request failed', fields);
      else logger.warn('request failed', fields);
    }
    return sendError(request, reply, http);
  };
}
