import { describe, expect, it } from 'vitest';
import { toFailure } from './failure.ts';
import { ConfigError, LimitError, ModelCallError, ModelOutputError } from './index.ts';

describe('toFailure', () => {
  it('takes the kind from the error: its code, a reason without the message, and whether to retry', () => {
    const secret = 'my sister Mia said';
    const busy = new ModelCallError(secret, { kind: 'rate-limited', status: 429, retryAfterMs: 1500 });
    expect(toFailure(busy)).toEqual({
      code: 'model_unavailable',
      reason: 'model_unavailable:rate-limited:429',
      retryable: true,
      retryAfterMs: 1500,
      cause: busy,
    });
    expect(toFailure(new ModelOutputError('memory', 3, [secret]))).toMatchObject({
      reason: 'model_output_invalid:memory',
      retryable: true,
    });
    expect(toFailure(new ConfigError(secret))).toMatchObject({ code: 'config', retryable: false });
    expect(toFailure(new LimitError(secret))).toMatchObject({ code: 'limit_exceeded', retryable: false });
  });

  it('calls an abort aborted and anything else internal (retryable: nothing says waiting cannot help)', () => {
    expect(toFailure(new DOMException('stop', 'AbortError'))).toMatchObject({
      code: 'aborted',
      retryable: true,
    });
    expect(toFailure(new TypeError('x'))).toMatchObject({ reason: 'internal:TypeError', retryable: true });
    expect(toFailure('a string')).toMatchObject({ reason: 'internal:string' });
  });
});
