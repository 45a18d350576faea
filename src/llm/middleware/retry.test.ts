import { generateText, streamText } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { ModelCallError } from '../../core/index.ts';
import { connectionRefused, httpError, streamOf, textParts, textResult } from '../../test/index.ts';
import {
  rejectionOf as caught,
  guardForTest as guard,
  userPrompt as prompt,
} from '../testing/guarded-model.ts';

/** doGenerate that fails with each given error in turn, then answers. */
function failing(...errors: unknown[]) {
  let calls = 0;
  const model = new MockLanguageModelV3({
    doGenerate: async () => {
      const error = errors[calls++];
      if (error !== undefined) throw error;
      return textResult('ok');
    },
  });
  return { model, calls: () => calls };
}

describe('retry middleware', () => {
  it('retries 5xx with full-jitter exponential backoff and then succeeds', async () => {
    const { model, calls } = failing(httpError(503), httpError(502));
    const { model: guarded, sleep } = guard(model);
    const result = await guarded.doGenerate(prompt);
    expect(result.content).toEqual([{ type: 'text', text: 'ok' }]);
    expect(calls()).toBe(3);
    // random() = 0.5 of the ceilings 500 ms and 1000 ms
    expect(sleep.calls).toEqual([250, 500]);
  });

  it('keeps jittered delays within [0, min(max, base * 2^n))', async () => {
    const errors = Array.from({ length: 6 }, () => httpError(500));
    const high = guard(failing(...errors).model, {
      random: () => 0.999,
      limits: { maxRetries: 6, retryBaseDelayMs: 100, retryMaxDelayMs: 1_000 },
    });
    await high.model.doGenerate(prompt);
    expect(high.sleep.calls).toEqual([99, 199, 399, 799, 999, 999]);
    const low = guard(failing(httpError(500), httpError(500)).model, { random: () => 0 });
    await low.model.doGenerate(prompt);
    expect(low.sleep.calls).toEqual([0, 0]);
  });

  it('tells the fleet limiter of every 429, retried or not, with the Retry-After the server sent', async () => {
    const slowDowns: Array<number | undefined> = [];
    const limiter = { acquire: async () => () => {}, slowDown: (ms?: number) => void slowDowns.push(ms) };
    const { model } = failing(httpError(429, { 'retry-after': '2' }), httpError(503), httpError(429));
    const { model: guarded } = guard(model, { limiter, limits: { maxRetries: 2 } });
    const error = await caught(guarded.doGenerate(prompt));
    expect(error).toBeInstanceOf(ModelCallError);
    expect(slowDowns).toEqual([2_000, undefined]);
  });

  it('waits exactly what Retry-After asks, in seconds or as an HTTP date', async () => {
    const now = Date.parse('2026-05-01T10:00:00Z');
    const date = new Date(now + 3_000).toUTCString();
    const { model } = failing(
      httpError(429, { 'retry-after': '2' }),
      httpError(503, { 'Retry-After': date }),
    );
    const { model: guarded, sleep } = guard(model, { now: () => now });
    await guarded.doGenerate(prompt);
    expect(sleep.calls).toEqual([2_000, 3_000]);
  });

  it('gives up at once when Retry-After exceeds the longest wait, passing it on', async () => {
    const { model, calls } = failing(httpError(429, { 'retry-after': '60' }));
    const { model: guarded, sleep } = guard(model);
    const error = await caught(guarded.doGenerate(prompt));
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 60_000, attempts: 1 });
    expect(calls()).toBe(1);
    expect(sleep.calls).toEqual([]);
  });

  it('fails a 400 once, without waiting', async () => {
    const { model, calls } = failing(httpError(400), httpError(400));
    const { model: guarded, sleep } = guard(model);
    const error = await caught(guarded.doGenerate(prompt));
    expect(error).toMatchObject({ kind: 'http', status: 400, attempts: 1, isRetryable: false });
    expect(calls()).toBe(1);
    expect(sleep.calls).toEqual([]);
  });

  it('stops after maxRetries and reports the attempts made', async () => {
    const { model, calls } = failing(...Array.from({ length: 10 }, () => httpError(500)));
    const { model: guarded, sleep } = guard(model);
    const error = await caught(guarded.doGenerate(prompt));
    expect(error).toMatchObject({ kind: 'http', status: 500, attempts: 4 });
    expect(calls()).toBe(4);
    expect(sleep.calls).toHaveLength(3);
  });

  it('retries connection errors and maps them to kind network', async () => {
    const { model, calls } = failing(
      connectionRefused(),
      connectionRefused(),
      connectionRefused(),
      connectionRefused(),
    );
    const { model: guarded } = guard(model);
    const error = await caught(guarded.doGenerate(prompt));
    expect(error).toMatchObject({ kind: 'network', attempts: 4 });
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(calls()).toBe(4);
  });

  it('retries a stream that fails before its first content part', async () => {
    let calls = 0;
    const model = new MockLanguageModelV3({
      doStream: async () => {
        calls++;
        if (calls === 1) throw httpError(503);
        if (calls === 2)
          return {
            stream: streamOf([{ type: 'stream-start', warnings: [] }], { error: connectionRefused() }),
          };
        if (calls === 3)
          return {
            stream: streamOf([
              { type: 'stream-start', warnings: [] },
              { type: 'error', error: httpError(500) },
            ]),
          };
        return { stream: streamOf(textParts(['Hel', 'lo'])) };
      },
    });
    const { model: guarded, sleep } = guard(model);
    const result = streamText({ model: guarded, prompt: 'hi', maxRetries: 0 });
    expect(await result.text).toBe('Hello');
    expect(calls).toBe(4);
    expect(sleep.calls).toHaveLength(3);
  });

  it('does not retry a stream that fails after content was delivered', async () => {
    let calls = 0;
    const model = new MockLanguageModelV3({
      doStream: async () => {
        calls++;
        return {
          stream: streamOf(
            [
              { type: 'text-start', id: 't' },
              { type: 'text-delta', id: 't', delta: 'Hel' },
            ],
            {
              error: httpError(503),
            },
          ),
        };
      },
    });
    const { model: guarded } = guard(model);
    const { stream } = await guarded.doStream(prompt);
    const reader = stream.getReader();
    const seen: string[] = [];
    let failure: unknown;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (value.type === 'text-delta') seen.push(value.delta);
      }
    } catch (error) {
      failure = error;
    }
    expect(seen).toEqual(['Hel']);
    expect(failure).toBeInstanceOf(ModelCallError);
    expect(failure).toMatchObject({ kind: 'http', status: 503 });
    expect(calls).toBe(1);
  });

  it('works under generateText with maxRetries: 0 (the SDK does not retry on top)', async () => {
    const { model, calls } = failing(httpError(500));
    const { model: guarded } = guard(model);
    const result = await generateText({ model: guarded, prompt: 'hi', maxRetries: 0 });
    expect(result.text).toBe('ok');
    expect(calls()).toBe(2);
  });
});
