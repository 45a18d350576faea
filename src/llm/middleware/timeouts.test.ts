import type { LanguageModelV3 } from '@ai-sdk/provider';
import { MockEmbeddingModelV3, MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { ModelCallError, silentLogger } from '../../core/index.ts';
import { manualTimer, never, recordingSleep, streamOf, textParts, textResult } from '../../test/index.ts';
import { createSemaphore } from '../policy/semaphore.ts';
import { defaultLimits, type ModelLimits } from '../settings.ts';
import { guardForTest, userPrompt as prompt, settle } from '../testing/guarded-model.ts';
import { guardEmbeddingModel } from './compose.ts';

const limits: Partial<ModelLimits> = {
  firstTokenTimeoutMs: 111,
  responseTimeoutMs: 222,
  embeddingTimeoutMs: 333,
  totalTimeoutMs: 999,
  maxRetries: 1,
};

function guard(model: LanguageModelV3, overrides: Partial<ModelLimits> = {}) {
  const {
    model: guarded,
    timer,
    sleep,
  } = guardForTest(model, {
    random: () => 0,
    limits: { ...limits, ...overrides },
  });
  return { guarded, timer, sleep };
}

describe('timeouts', () => {
  it('ends a generate call that never answers with a total timeout, without retrying', async () => {
    let calls = 0;
    const model = new MockLanguageModelV3({
      doGenerate: () => {
        calls++;
        return never();
      },
    });
    const { guarded, timer } = guard(model, { responseTimeoutMs: 5_000 });
    const pending = guarded.doGenerate(prompt);
    await settle();
    expect(timer.pending().sort()).toEqual([5_000, 999].sort());
    timer.fire(999);
    const error = await pending.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(calls).toBe(1);
    expect(timer.pending()).toEqual([]);
  });

  it('ends each attempt of a generate call (structured output) that sends no answer, frees its permit and retries', async () => {
    let calls = 0;
    const signals: AbortSignal[] = [];
    const model = new MockLanguageModelV3({
      doGenerate: (options) => {
        calls++;
        if (options.abortSignal) signals.push(options.abortSignal);
        return calls === 1 ? never() : Promise.resolve(textResult('ok'));
      },
    });
    const semaphore = createSemaphore(1);
    const { model: guarded, timer } = guardForTest(model, { semaphore, limits });
    const pending = guarded.doGenerate(prompt);
    await settle();
    expect(semaphore.active).toBe(1);
    expect(timer.pending().sort()).toEqual([222, 999]);
    timer.fire(222);
    const result = await pending;
    expect(result.content).toEqual([{ type: 'text', text: 'ok' }]);
    expect(calls).toBe(2);
    // The hung request was aborted, and its permit given back before the retry took one.
    expect(signals[0]?.aborted).toBe(true);
    expect(semaphore.active).toBe(0);
    expect(timer.pending()).toEqual([]);
  });

  it('fails a generate call whose every attempt hangs with a retryable timeout naming the answer', async () => {
    const model = new MockLanguageModelV3({ doGenerate: () => never() });
    const semaphore = createSemaphore(1);
    const { model: guarded, timer } = guardForTest(model, { semaphore, limits });
    const pending = guarded.doGenerate(prompt).then(
      () => null,
      (e: unknown) => e,
    );
    await settle();
    timer.fire(222);
    await settle();
    timer.fire(222);
    const error = await pending;
    expect(error).toMatchObject({ kind: 'timeout', attempts: 2, isRetryable: true });
    expect((error as Error).message).toContain('answer within 222 ms');
    expect(semaphore.active).toBe(0);
  });

  it('ends an embedding request that does not answer, frees its permit and retries it', async () => {
    let calls = 0;
    const signals: AbortSignal[] = [];
    const embedding = new MockEmbeddingModelV3({
      doEmbed: (options) => {
        calls++;
        if (options.abortSignal) signals.push(options.abortSignal);
        return calls === 1 ? never() : Promise.resolve({ embeddings: [[1, 0]], warnings: [] });
      },
    });
    const semaphore = createSemaphore(1);
    const timer = manualTimer();
    const guarded = guardEmbeddingModel(embedding, {
      modelId: 'mock-embed',
      limits: { ...defaultLimits, ...limits },
      retry: true,
      breaker: null,
      semaphore,
      sleep: recordingSleep(),
      timer,
      random: () => 0,
      now: () => 1_000,
      logger: silentLogger,
      record: () => {},
    });
    const pending = guarded.doEmbed({ values: ['tea'] });
    await settle();
    expect(semaphore.active).toBe(1);
    expect(timer.pending().sort()).toEqual([333, 999]);
    timer.fire(333);
    expect((await pending).embeddings).toEqual([[1, 0]]);
    expect(calls).toBe(2);
    expect(signals[0]?.aborted).toBe(true);
    expect(semaphore.active).toBe(0);
    expect(timer.pending()).toEqual([]);
  });

  it('retries a stream whose first token does not come in time, then fails with kind timeout', async () => {
    let calls = 0;
    const model = new MockLanguageModelV3({
      doStream: async () => {
        calls++;
        return { stream: streamOf([{ type: 'stream-start', warnings: [] }], 'hang') };
      },
    });
    const { guarded, timer, sleep } = guard(model);
    const pending = guarded.doStream(prompt).then(
      () => null,
      (e: unknown) => e,
    );
    await settle();
    expect(timer.pending().sort()).toEqual([111, 999]);
    timer.fire(111);
    await settle();
    expect(calls).toBe(2);
    timer.fire(111);
    const error = await pending;
    expect(error).toMatchObject({ kind: 'timeout', attempts: 2 });
    expect((error as Error).message).toContain('first token');
    expect(sleep.calls).toHaveLength(1);
  });

  it('also covers a doStream that never resolves', async () => {
    const model = new MockLanguageModelV3({ doStream: () => never() });
    const { guarded, timer } = guard(model, { maxRetries: 0 });
    const pending = guarded.doStream(prompt).then(
      () => null,
      (e: unknown) => e,
    );
    await settle();
    timer.fire(111);
    expect(await pending).toMatchObject({ kind: 'timeout' });
  });

  it('stops the first-token clock at the first content part; the total deadline still ends the stream', async () => {
    const model = new MockLanguageModelV3({
      doStream: async () => ({
        stream: streamOf(
          [
            { type: 'text-start', id: 't' },
            { type: 'text-delta', id: 't', delta: 'a' },
          ],
          'hang',
        ),
      }),
    });
    const { guarded, timer } = guard(model);
    const { stream } = await guarded.doStream(prompt);
    const reader = stream.getReader();
    expect((await reader.read()).value).toMatchObject({ type: 'text-start' });
    expect(timer.pending()).toEqual([999]);
    expect((await reader.read()).value).toMatchObject({ type: 'text-delta', delta: 'a' });
    const next = reader.read().then(
      () => null,
      (e: unknown) => e,
    );
    timer.fire(999);
    expect(await next).toMatchObject({ kind: 'timeout' });
  });

  it('clears every timer when a call completes', async () => {
    const model = new MockLanguageModelV3({
      doGenerate: async () => textResult('ok'),
      doStream: async () => ({ stream: streamOf(textParts(['a', 'b'])) }),
    });
    const { guarded, timer } = guard(model);
    await guarded.doGenerate(prompt);
    const { stream } = await guarded.doStream(prompt);
    for await (const _ of stream as unknown as AsyncIterable<unknown>) {
      // drain
    }
    expect(timer.pending()).toEqual([]);
  });

  it("passes the caller's abort through as an abort, not as a model failure", async () => {
    const model = new MockLanguageModelV3({ doGenerate: () => never() });
    const { guarded } = guard(model);
    const controller = new AbortController();
    const pending = guarded.doGenerate({ ...prompt, abortSignal: controller.signal }).then(
      () => null,
      (e: unknown) => e,
    );
    controller.abort();
    const error = await pending;
    expect(error).not.toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ name: 'AbortError' });
  });
});
