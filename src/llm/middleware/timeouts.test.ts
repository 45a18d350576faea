import type { LanguageModelV3 } from '@ai-sdk/provider';
import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { ModelCallError } from '../../core/index.ts';
import { never, streamOf, textParts, textResult } from '../../test/index.ts';
import type { ModelLimits } from '../settings.ts';
import { guardForTest, userPrompt as prompt, settle } from '../testing/guarded-model.ts';

const limits: Partial<ModelLimits> = { firstTokenTimeoutMs: 111, totalTimeoutMs: 999, maxRetries: 1 };

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
    const { guarded, timer } = guard(model);
    const pending = guarded.doGenerate(prompt);
    await settle();
    expect(timer.pending()).toEqual([999]);
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
