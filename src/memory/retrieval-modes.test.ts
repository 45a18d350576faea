import { describe, expect, it } from 'vitest';
import type { Memory } from '../core/index.ts';
import { fakeEmbedder } from '../test/index.ts';
import { retrieveDense, retrieveLexical } from './retrieval-modes.ts';
import { memoryFixture, petFixture, storeWithAlice, userFixture } from './testing/fixtures.ts';

const now = new Date('2025-03-10T12:00:00Z');

async function seed(items: Array<Partial<Memory> & { id: string; text: string }>) {
  const store = await storeWithAlice({
    users: [userFixture({ id: 'usr_2' })],
    pets: [petFixture({ id: 'pet_2' })],
  });
  const embedder = fakeEmbedder();
  const vectors = await embedder.embed(items.map((i) => i.text));
  await store.memories.insert(
    items.map((item, i) => ({
      memory: memoryFixture(item),
      embedding: { vector: vectors[i] ?? [], model: embedder.id },
    })),
  );
  embedder.calls.length = 0;
  return { deps: { memories: store.memories, embedder }, embedder };
}

const req = (query: string, k = 5) => ({ userId: 'usr_1', petId: 'pet_1', query, now, k });
const ids = (hits: Array<{ memory: { id: string } }>) => hits.map((h) => h.memory.id);

describe('retrieveLexical', () => {
  it("returns the pair's memories matching a content word, best first, and never calls the embedder", async () => {
    const { deps, embedder } = await seed([
      { id: 'tea', text: 'Alice loves jasmine tea' },
      { id: 'cats', text: 'Alice is allergic to cats' },
      { id: 'other', userId: 'usr_2', text: 'Bob loves jasmine tea' },
    ]);
    expect(ids(await retrieveLexical(deps, req('which tea does she love?')))).toEqual(['tea']);
    // stop words alone match nothing
    expect(await retrieveLexical(deps, req('what is the'))).toEqual([]);
    expect(await retrieveLexical(deps, req('tea', 0))).toEqual([]);
    expect(embedder.calls).toEqual([]);
  });
});

describe('retrieveDense', () => {
  it('returns the nearest k whatever their similarity, or those above a floor', async () => {
    const { deps, embedder } = await seed([
      { id: 'tea', text: 'Alice loves jasmine tea' },
      { id: 'cats', text: 'Alice is allergic to cats' },
      { id: 'hike', text: 'went hiking on sunday' },
    ]);
    const all = await retrieveDense(deps, req('jasmine tea'));
    expect(ids(all)[0]).toBe('tea');
    expect(all).toHaveLength(3);
    expect(ids(await retrieveDense(deps, req('jasmine tea', 1)))).toEqual(['tea']);
    const floored = await retrieveDense(deps, { ...req('jasmine tea'), floor: 0.5 });
    expect(ids(floored)).toEqual(['tea']);
    expect(embedder.calls).toEqual([['jasmine tea'], ['jasmine tea'], ['jasmine tea']]);
  });

  it('throws when the embedder fails (no silent degradation)', async () => {
    const { deps, embedder } = await seed([{ id: 'tea', text: 'Alice loves jasmine tea' }]);
    embedder.failing = true;
    await expect(retrieveDense(deps, req('tea'))).rejects.toThrow(/unreachable/);
  });
});
