import { describe, expect, it } from 'vitest';
import { LimitError, ModelCallError, NotFoundError, ValidationError } from '../core/index.ts';
import { ChatTurnError } from '../dialogue/index.ts';
import { DatabaseError } from '../store/index.ts';
import { isOpenAiRoute, openAiErrorBody, toHttpError } from './errors.ts';
import { ForbiddenError } from './forbidden-error.ts';
import { UnauthorizedError } from './unauthorized-error.ts';

describe('toHttpError', () => {
  it('maps every error kind to one status and a stable code', () => {
    const cases: Array<[unknown, number, string]> = [
      [new ValidationError('bad'), 400, 'invalid_input'],
      [new UnauthorizedError('who'), 401, 'unauthorized'],
      [new ForbiddenError('no'), 403, 'forbidden'],
      [new NotFoundError('pet', 'p1'), 404, 'not_found'],
      [new LimitError('slow down', { retryAfterMs: 1500 }), 429, 'limit_exceeded'],
      [new ModelCallError('down', { kind: 'network' }), 503, 'model_unavailable'],
      [new ChatTurnError({ code: 'conflict', message: 'busy', retryable: true }), 409, 'conflict'],
      [
        Object.assign(new Error('too big'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' }),
        413,
        'payload_too_large',
      ],
      [
        Object.assign(new Error('bad media'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }),
        415,
        'unsupported_media_type',
      ],
    ];
    for (const [error, status, code] of cases) expect(toHttpError(error)).toMatchObject({ status, code });
    expect(toHttpError(new Error('a bug'))).toBeNull();
  });

  it('answers 503 with Retry-After while the database cannot be reached, 500 without details otherwise', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    for (const lost of [
      new DatabaseError('tokens.findUser', refused),
      refused,
      new Error('PGlite is closed'),
    ]) {
      expect(toHttpError(lost)).toMatchObject({ status: 503, code: 'unavailable', retryAfterMs: 5000 });
    }
    const query = new DatabaseError('pets.create', Object.assign(new Error('bad'), { code: '22P05' }));
    const http = toHttpError(query);
    expect(http).toMatchObject({ status: 500, code: 'internal' });
    expect(http?.message).not.toMatch(/pets|22P05|database call/);
  });

  it('a chat turn that failed on the database answers 503 or a plain 500, never the call or SQLSTATE', () => {
    const lost = { code: 'unavailable', message: 'try again', retryable: true, retryAfterMs: 5000 };
    expect(toHttpError(new ChatTurnError(lost))).toMatchObject({ status: 503, retryAfterMs: 5000 });
    const carried = toHttpError(
      new ChatTurnError({ code: 'database', message: 'database call x failed (22021)', retryable: false }),
    );
    expect(carried).toMatchObject({ status: 500, code: 'internal' });
    expect(carried?.message).not.toContain('database call');
  });

  it('carries Retry-After only when finite', () => {
    expect(toHttpError(new LimitError('x', { retryAfterMs: 1500 }))?.retryAfterMs).toBe(1500);
    expect(toHttpError(new LimitError('x'))?.retryAfterMs).toBeUndefined();
  });

  it("speaks OpenAI's error types on /v1 routes only", () => {
    expect(isOpenAiRoute('/v1/chat/completions')).toBe(true);
    expect(isOpenAiRoute('/api/v1/pets')).toBe(false);
    expect(isOpenAiRoute('/v1beta')).toBe(false);
    expect(openAiErrorBody(401, 'unauthorized', 'm').error.type).toBe('authentication_error');
    expect(openAiErrorBody(429, 'limit_exceeded', 'm').error.type).toBe('rate_limit_error');
    expect(openAiErrorBody(400, 'invalid_input', 'm').error).toEqual({
      message: 'm',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_input',
    });
    expect(openAiErrorBody(503, 'model_unavailable', 'm').error.type).toBe('server_error');
  });
});
