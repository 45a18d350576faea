import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { tagsToProviderOptions } from '../../core/index.ts';
import { httpError, streamOf, textParts, textResult, usage } from '../../test/index.ts';
import { guardForTest, rejectionOf, userPrompt } from '../testing/guarded-model.ts';

describe('usage middleware', () => {
  it('records one tagged record per call with tokens, latency and ok', async () => {
    let t = 1_000;
    const model = new MockLanguageModelV3({
      doGenerate: async () => {
        t += 40;
        return textResult('ok', usage(120, 30, 100));
      },
    });
    const { model: guarded, records } = guardForTest(model, { now: () => t });
    await guarded.doGenerate({
      ...userPrompt,
      providerOptions: tagsToProviderOptions({ purpose: 'memory', userId: 'usr_1', petId: 'pet_1' }),
    });
    expect(records).toEqual([
      {
        purpose: 'memory',
        model: 'mock-model',
        inputTokens: 120,
        outputTokens: 30,
        cachedInputTokens: 100,
        latencyMs: 40,
        timeToFirstTokenMs: null,
        ok: true,
        userId: 'usr_1',
        petId: 'pet_1',
        at: new Date(1_000),
      },
    ]);
  });

  it('counts a failed call once, after its retries, as not ok with purpose other by default', async () => {
    const model = new MockLanguageModelV3({
      doGenerate: async () => {
        throw httpError(500);
      },
    });
    const { model: guarded, records } = guardForTest(model, { limits: { maxRetries: 2 } });
    await rejectionOf(guarded.doGenerate(userPrompt));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ purpose: 'other', ok: false, inputTokens: 0, userId: null });
  });

  it('measures time to first token of a stream and reads usage from its finish part', async () => {
    let t = 0;
    const parts = textParts(['a', 'b'], usage(7, 2));
    const model = new MockLanguageModelV3({
      doStream: async () => ({
        stream: streamOf(parts).pipeThrough(
          new TransformStream({
            transform(part, controller) {
              t += 10;
              controller.enqueue(part);
            },
          }),
        ),
      }),
    });
    const { model: guarded, records } = guardForTest(model, { now: () => t });
    const { stream } = await guarded.doStream({
      ...userPrompt,
      providerOptions: tagsToProviderOptions({ purpose: 'chat' }),
    });
    const reader = stream.getReader();
    while (!(await reader.read()).done) {
      // drain
    }
    // stream-start at 10, text-start (first content) at 20, ... finish at 60
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      purpose: 'chat',
      inputTokens: 7,
      outputTokens: 2,
      timeToFirstTokenMs: 20,
      latencyMs: 60,
      ok: true,
    });
  });
});
