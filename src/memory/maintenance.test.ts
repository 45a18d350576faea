import { describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.ts';
import { fakeEmbedder } from '../test/index.ts';
import { reindex, sweepMemories } from './maintenance.ts';
import { memoryFixture, storeWithAlice } from './testing/fixtures.ts';

describe('reindex', () => {
  it('re-embeds memories without a vector or with another model, in batches, and ensures the index', async () => {
    const store = await storeWithAlice();
    const memories = store.memories;
    await memories.insert([
      {
        memory: memoryFixture({ id: 'a', text: 'Alice likes tea' }),
        embedding: { vector: [1, 0], model: 'old-model' },
      },
      { memory: memoryFixture({ id: 'b', text: 'Alice likes jazz' }), embedding: null },
      { memory: memoryFixture({ id: 'c', text: 'Alice runs' }), embedding: null },
    ]);
    const embedder = fakeEmbedder('new-model', 16);
    const progress: Array<[number, number]> = [];
    const result = await reindex(
      { memories, embedder, logger: silentLogger },
      { batchSize: 2, onProgress: (done, total) => progress.push([done, total]) },
    );
    expect(result).toEqual({ embedded: 3, total: 3, model: 'new-model', dimensions: 16 });
    expect(progress).toEqual([
      [0, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(embedder.calls.map((c) => c.length)).toEqual([2, 1]);
    expect(
      [...store.tables.memories.values()].every(
        (r) => r.embedding?.model === 'new-model' && r.embedding.vector.length === 16,
      ),
    ).toBe(true);
    expect(store.tables.vectorIndexes).toEqual(['new-model/16']);
    expect((await reindex({ memories, embedder, logger: silentLogger })).embedded).toBe(0);
  });

  it('refuses vectors of the wrong length', async () => {
    const store = await storeWithAlice();
    const memories = store.memories;
    await memories.insert([{ memory: memoryFixture({ id: 'a' }), embedding: null }]);
    const embedder = fakeEmbedder('m', 8);
    embedder.dimensions = async () => 4;
    await expect(reindex({ memories, embedder, logger: silentLogger })).rejects.toThrow('expected 4');
  });

  it('stops instead of looping when the store keeps returning the same memories', async () => {
    const store = await storeWithAlice();
    const memories = store.memories;
    await memories.insert([{ memory: memoryFixture({ id: 'a' }), embedding: null }]);
    memories.setEmbedding = async () => {};
    await expect(reindex({ memories, embedder: fakeEmbedder(), logger: silentLogger })).rejects.toThrow(
      'still reports',
    );
  });
});

describe('sweepMemories', () => {
  it('removes only expired memories', async () => {
    const store = await storeWithAlice();
    const memories = store.memories;
    const now = new Date('2025-03-10T00:00:00Z');
    await memories.insert([
      { memory: memoryFixture({ id: 'gone', expiresAt: new Date('2025-03-09T00:00:00Z') }), embedding: null },
      { memory: memoryFixture({ id: 'kept', expiresAt: new Date('2025-03-11T00:00:00Z') }), embedding: null },
      { memory: memoryFixture({ id: 'forever', expiresAt: null }), embedding: null },
    ]);
    expect(await sweepMemories({ memories }, { now })).toEqual({ removed: 1 });
    expect([...store.tables.memories.keys()]).toEqual(['kept', 'forever']);
  });
});
