import { MockEmbeddingModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { ModelCallError } from '../../core/index.ts';
import { createModelEmbedder } from './model-embedder.ts';

function mock(dimensions = 3) {
  return new MockEmbeddingModelV3({
    doEmbed: async ({ values }) => ({
      embeddings: values.map((v) => Array.from({ length: dimensions }, (_, i) => v.length + i)),
      warnings: [],
    }),
  });
}

describe('createModelEmbedder', () => {
  it('embeds in batches, in order, with the call tags and provider options', async () => {
    const model = mock();
    const embedder = createModelEmbedder({
      id: 'bge-m3',
      kind: 'remote',
      model,
      batchSize: 2,
      providerOptions: { openaiCompatible: { dimensions: 3 } },
    });
    const vectors = await embedder.embed(['a', 'bb', 'ccc', ''], { purpose: 'memory', userId: 'usr_1' });
    expect(vectors.map((v) => v[0])).toEqual([1, 2, 3, 1]);
    expect(model.doEmbedCalls.map((c) => c.values)).toEqual([
      ['a', 'bb'],
      ['ccc', ' '],
    ]);
    expect(model.doEmbedCalls[0]?.providerOptions).toEqual({
      openaiCompatible: { dimensions: 3 },
      ipet: { purpose: 'memory', userId: 'usr_1' },
    });
  });

  it('learns the dimensions from one call when they are not configured', async () => {
    const model = mock(5);
    const embedder = createModelEmbedder({ id: 'x', kind: 'remote', model, batchSize: 64 });
    expect(await embedder.dimensions()).toBe(5);
    expect(await embedder.dimensions()).toBe(5);
    expect(model.doEmbedCalls).toHaveLength(1);
    const configured = createModelEmbedder({
      id: 'x',
      kind: 'remote',
      model: mock(5),
      batchSize: 64,
      dimensions: 5,
    });
    expect(await configured.dimensions()).toBe(5);
  });

  it('rejects vectors of the wrong size or count', async () => {
    const wrong = createModelEmbedder({
      id: 'x',
      kind: 'remote',
      model: mock(4),
      batchSize: 64,
      dimensions: 3,
    });
    await expect(wrong.embed(['a'])).rejects.toBeInstanceOf(ModelCallError);
    const short = new MockEmbeddingModelV3({ doEmbed: async () => ({ embeddings: [[1]], warnings: [] }) });
    const few = createModelEmbedder({ id: 'x', kind: 'remote', model: short, batchSize: 64 });
    await expect(few.embed(['a', 'b'])).rejects.toThrow('1 vectors for 2 texts');
  });

  it('normalises when asked (local models)', async () => {
    const embedder = createModelEmbedder({
      id: 'local:x',
      kind: 'local',
      model: mock(2),
      batchSize: 8,
      normalize: true,
    });
    const [vector] = await embedder.embed(['abc']);
    expect(Math.hypot(...(vector ?? []))).toBeCloseTo(1, 10);
  });
});
