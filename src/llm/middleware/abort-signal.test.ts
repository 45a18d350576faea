import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import type { Embedder } from '../../core/index.ts';
import { userPrompt as prompt } from '../testing/guarded-model.ts';
import { embedderWithAbortSignal, withAbortSignal } from './abort-signal.ts';

/** Settles only when its call's signal aborts, with the signal's reason. */
const untilAborted = (signal: AbortSignal | undefined) =>
  new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));

describe('withAbortSignal', () => {
  it("aborts the calls in flight and the next ones when the signal aborts, keeping the model's identity", async () => {
    const seen: Array<AbortSignal | undefined> = [];
    const model = new MockLanguageModelV3({
      modelId: 'm-1',
      doGenerate: ({ abortSignal }) => {
        seen.push(abortSignal);
        return untilAborted(abortSignal);
      },
    });
    const budget = new AbortController();
    const wrapped = withAbortSignal(model, budget.signal);
    expect(wrapped.modelId).toBe('m-1');
    const own = new AbortController();
    const pending = wrapped.doGenerate({ ...prompt, abortSignal: own.signal });
    budget.abort(new Error('budget spent'));
    await expect(pending).rejects.toThrow('budget spent');
    expect(seen[0]?.aborted).toBe(true);
    expect(own.signal.aborted).toBe(false);
    await expect(wrapped.doGenerate(prompt)).rejects.toThrow('budget spent');
  });

  it('leaves the model as it is without a signal', () => {
    const model = new MockLanguageModelV3();
    expect(withAbortSignal(model, undefined)).toBe(model);
  });
});

describe('embedderWithAbortSignal', () => {
  it("adds the signal to each embedding call's own", async () => {
    const embedder: Embedder = {
      id: 'e-1',
      kind: 'remote',
      dimensions: async () => 3,
      embed: (_texts, _tags, options) => untilAborted(options?.abortSignal),
    };
    const budget = new AbortController();
    const wrapped = embedderWithAbortSignal(embedder, budget.signal);
    expect(wrapped.id).toBe('e-1');
    const pending = wrapped.embed(['a'], { purpose: 'embed' });
    budget.abort(new Error('budget spent'));
    await expect(pending).rejects.toThrow('budget spent');
  });
});
