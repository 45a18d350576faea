import { JSONParseError, TypeValidationError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { ConfigError, ModelCallError } from '../../core/index.ts';
import { connectionRefused, httpError } from '../../test/index.ts';
import { toModelCallError, withAttempts } from './classify-error.ts';

describe('toModelCallError', () => {
  it('maps HTTP failures with status, kind, Retry-After and the retry decision', () => {
    const e429 = toModelCallError(httpError(429, { 'retry-after': '4' }));
    expect(e429).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 4_000, isRetryable: true });
    for (const status of [408, 409, 500, 503]) {
      expect(toModelCallError(httpError(status))).toMatchObject({ kind: 'http', status, isRetryable: true });
    }
    for (const status of [400, 401, 404, 422]) {
      expect(toModelCallError(httpError(status))).toMatchObject({ kind: 'http', status, isRetryable: false });
    }
    expect((toModelCallError(httpError(401)) as ModelCallError).hint).toContain('API key');
  });

  it('recognises connection failures, raw or wrapped', () => {
    expect(toModelCallError(connectionRefused())).toMatchObject({ kind: 'network', isRetryable: true });
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(toModelCallError(reset)).toMatchObject({ kind: 'network' });
  });

  it('passes aborts and ipet errors through unchanged', () => {
    const abort = new DOMException('stop', 'AbortError');
    expect(toModelCallError(abort)).toBe(abort);
    const config = new ConfigError('bad');
    expect(toModelCallError(config)).toBe(config);
  });

  it('wraps anything else as a non-retryable ModelCallError with the cause', () => {
    const cause = new Error('grammar failed');
    const error = toModelCallError(cause);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ kind: 'http', status: undefined, isRetryable: false, cause });
  });

  it('treats a garbled answer as retryable, without quoting it in the message', () => {
    const secret = 'my secret is 4242';
    for (const raw of [
      new JSONParseError({ text: `{"delta":"${secret}`, cause: new SyntaxError('Unterminated string') }),
      new TypeValidationError({ value: { text: secret }, cause: new Error('bad') }),
    ]) {
      const error = toModelCallError(raw) as ModelCallError;
      expect(error).toMatchObject({ kind: 'http', isRetryable: true, cause: raw });
      expect(error.message).not.toContain(secret);
    }
    expect(toModelCallError(httpError(200))).toMatchObject({ status: 200, isRetryable: true });
  });

  it('copies an error with a new attempt count', () => {
    const error = toModelCallError(httpError(503)) as ModelCallError;
    const copy = withAttempts(error, 3);
    expect(copy).toMatchObject({ kind: 'http', status: 503, attempts: 3, cause: error.cause });
  });
});
