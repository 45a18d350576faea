import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { IpetError } from '../core/errors/ipet-error.ts';
import { LimitError } from '../core/errors/limit-error.ts';
import { ModelCallError } from '../core/errors/model-call-error.ts';
import type { Logger } from '../core/logger.ts';

/** The one place where error kinds become HTTP statuses. Bodies are always `{ error: { code, message } }`. */
const STATUS: Record<string, number> = {
  invalid_input: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  limit_exceeded: 429,
  model_output_invalid: 502,
  model_unavailable: 503,
  config: 500,
};

export function statusFor(error: unknown): number {
  if (IpetError.is(error)) return STATUS[error.code] ?? 500;
  return 500;
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

export function createErrorHandler(logger: Logger) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    if (IpetError.is(error)) {
      const status = statusFor(error);
      if (error instanceof LimitError && error.retryAfterMs !== undefined) {
        reply.header('retry-after', Math.ceil(error.retryAfterMs / 1000));
      }
      if (error instanceof ModelCallError && error.retryAfterMs !== undefined) {
        reply.header('retry-after', Math.ceil(error.retryAfterMs / 1000));
      }
      return reply.status(status).send(errorBody(error.code, error.toLine()));
    }
    const fe = error as FastifyError;
    if (fe.validation) return reply.status(400).send(errorBody('invalid_input', fe.message));
    if (fe.statusCode === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send(errorBody('payload_too_large', 'request body is too large'));
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send(errorBody('bad_request', fe.message));
    }
    logger.error('request failed', { route: request.routeOptions.url, error });
    return reply
      .status(500)
      .send(errorBody('internal', 'internal error; the operator can find details in the logs'));
  };
}
