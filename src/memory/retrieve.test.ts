import { describe, expect, it } from 'vitest';
import type { Memory } from '../core/index.ts';
import { fixedClock, silentLogger } from '../core/index.ts';
import { fakeEmbedder } from '../test/index.ts';
import { DEFAULT_FUSION, OFFLINE_EMBEDDER_FUSION } from './fusion.ts';
import { recentForWorld, retrieveForDialogue, searchMemories } from './retrieve.ts';
import { memoryFixture, petFixture, storeWithAlice, userFixture } from './testing/fixtures.ts';

const now = new Date('2025-03-10T12:00:00Z');
const day = 86_400_000;

async function seed(items: Array<Partial<Memory> & { id: string; text: string }>) {
  const store = await storeWithAlice({
    users: [userFixture({ id: 'usr_2' })],
    pets: [petFixture({ id: 'pet_2' })],
  });
  const memories = store.memories;
  const embedder = fakeEmbedder();
  const vectors = await embedder.embed(items.map((i) => i.text));
  await memories.insert(
    items.map((item, i) => ({
      memory: memoryFixture({
        createdAt: new Date(now.getTime() - day),
        occurredAt: new Date(now.getTime() - day),
        ...item,
      }),
      embedding: { vector: vectors[i] ?? [], model: embedder.id },
    })),
  );
  embedder.calls.length = 0;
  return { memories, embedder, deps: { memories, embedder, logger: silentLogger } };
}

describe('retrieveForDialogue', () => {
  it('returns the relevant memory first, only for the (user, pet) pair, and nothing irrelevant', async () => {
    const { deps } = await seed([
      { id: 'tea', text: 'Alice loves jasmine tea in the morning' },
      { id: 'cats', text: 'Alice is allergic to cats' },
      { id: 'other-pet', petId: 'pet_2', text: 'Alice loves jasmine tea with honey' },
      { id: 'other-user', userId: 'usr_2', text: 'Bob loves jasmine tea' },
    ]);
    const hits = await retrieveForDialogue(deps, {
      userId: 'usr_1',
      petId: 'pet_1',
      query: 'what tea do I love?',
      now,
      k: 5,
      floor: 0.3,
    });
    expect(hits.map((h) => h.memory.id)).toEqual(['tea']);
    expect(hits[0]?.sources.dense).toBeGreaterThan(0.3);
    expect(hits[0]?.sources.lexical).toBeGreaterThan(0);
  });

  it("ranks with the offline embedder's own constants unless told otherwise", async () => {
    const { deps } = await seed([{ id: 'tea', text: 'Alice loves jasmine tea in the morning' }]);
    const req = { userId: 'usr_1', petId: 'pet_1', query: 'what tea do I love?', now, k: 5 };
    const [offline] = await retrieveForDialogue(deps, req);
    const [general] = await retrieveForDialogue({ ...deps, fusion: DEFAULT_FUSION }, req);
    // The fake embedder is `kind: 'lexical'`: OFFLINE_EMBEDDER_FUSION's cosine gate keeps this weak match out.
    expect(offline?.sources.dense).toBeUndefined();
    expect(general?.sources.dense).toBeGreaterThan(DEFAULT_FUSION.minCosine);
    expect(general?.sources.dense).toBeLessThan(OFFLINE_EMBEDDER_FUSION.minCosine!);
  });

  it('degrades to lexical and recency when the embedder fails, and says so', async () => {
    const { deps, embedder } = await seed([{ id: 'tea', text: 'Alice loves jasmine tea' }]);
    embedder.failing = true;
    const reasons: unknown[] = [];
    const hits = await retrieveForDialogue(deps, {
      userId: 'usr_1',
      petId: 'pet_1',
      query: 'jasmine',
      now,
      k: 3,
      onDegraded: (reason) => reasons.push(reason),
    });
    expect(hits.map((h) => h.memory.id)).toEqual(['tea']);
    expect(hits[0]?.sources.dense).toBeUndefined();
    expect(reasons).toHaveLength(1);
  });

  it("stops a turn's lookup when its client leaves: the embedding request is cancelled, nothing degrades", async () => {
    const { deps } = await seed([{ id: 'tea', text: 'Alice loves jasmine tea in the morning' }]);
    let embedSignal: AbortSignal | undefined;
    let tags: unknown;
    const hung = {
      ...deps.embedder,
      embed: (_texts: string[], t?: unknown, options?: { abortSignal?: AbortSignal }) => {
        embedSignal = options?.abortSignal;
        tags = t;
        return new Promise<number[][]>(() => {});
      },
    };
    const degraded: unknown[] = [];
    const client = new AbortController();
    const lookup = retrieveForDialogue(
      { ...deps, embedder: hung },
      {
        userId: 'usr_1',
        petId: 'pet_1',
        query: 'what tea do I love?',
        now,
        k: 5,
        priority: 'interactive',
        signal: client.signal,
        onDegraded: (reason) => degraded.push(reason),
      },
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(tags).toMatchObject({ purpose: 'embed', priority: 'interactive' });
    client.abort(new Error('the client went away'));
    await expect(lookup).rejects.toThrow('the client went away');
    expect(embedSignal?.aborted).toBe(true);
    expect(degraded).toEqual([]);
  });

  it('does not count a memory sharing only function words with the query as a lexical match', async () => {
    const { deps, embedder } = await seed([{ id: 'gym', text: 'Alice is at the gym' }]);
    embedder.failing = true;
    const hits = await retrieveForDialogue(deps, {
      userId: 'usr_1',
      petId: 'pet_1',
      query: 'what is the weather',
      now,
      k: 3,
    });
    expect(hits).toEqual([]);
  });

  it('never compares vectors from another embedding model', async () => {
    const { memories } = await seed([{ id: 'tea', text: 'Alice loves jasmine tea' }]);
    const other = fakeEmbedder('other-model-v2');
    const hits = await retrieveForDialogue(
      { memories, embedder: other, logger: silentLogger },
      { userId: 'usr_1', petId: 'pet_1', query: 'loves jasmine tea', now, k: 3 },
    );
    expect(hits[0]?.memory.id).toBe('tea');
    expect(hits[0]?.sources.dense).toBeUndefined();
  });

  it('cuts at k and applies the floor to dense similarity', async () => {
    const { deps } = await seed([
      { id: 'a', text: 'Alice plays tennis on Sundays' },
      { id: 'b', text: 'Alice plays the piano' },
      { id: 'c', text: 'Alice plays chess online' },
    ]);
    const top1 = await retrieveForDialogue(deps, {
      userId: 'usr_1',
      petId: 'pet_1',
      query: 'plays tennis',
      now,
      k: 1,
    });
    expect(top1.map((h) => h.memory.id)).toEqual(['a']);
    const strict = await retrieveForDialogue(deps, {
      userId: 'usr_1',
      petId: 'pet_1',
      query: 'hobbies',
      now,
      k: 5,
      floor: 0.99,
    });
    expect(strict).toEqual([]);
  });

  it('returns nothing for an empty query without calling the embedder', async () => {
    const { deps, embedder } = await seed([{ id: 'a', text: 'Alice plays tennis' }]);
    expect(
      await retrieveForDialogue(deps, { userId: 'usr_1', petId: 'pet_1', query: '  ', now, k: 3 }),
    ).toEqual([]);
    expect(embedder.calls).toEqual([]);
  });
});

describe('searchMemories', () => {
  it('flattens hits with their external ids', async () => {
    const { deps } = await seed([{ id: 'a', text: 'Alice plays tennis', externalId: 'ext-1' }]);
    const hits = await searchMemories(
      { ...deps, clock: fixedClock(now) },
      { userId: 'usr_1', petId: 'pet_1', query: 'tennis', k: 3 },
    );
    expect(hits).toEqual([
      { id: 'a', externalId: 'ext-1', score: expect.any(Number), text: 'Alice plays tennis' },
    ]);
  });
});

describe('recentForWorld', () => {
  it('returns the most recent active entries of each tier', async () => {
    const at = (d: number) => new Date(now.getTime() - d * day);
    const { memories } = await seed([
      { id: 'p1', text: 'p1', category: 'permanent', occurredAt: at(50) },
      { id: 'p2', text: 'p2', category: 'permanent', occurredAt: at(2) },
      { id: 'l1', text: 'l1', category: 'long_term', occurredAt: at(3) },
      { id: 's1', text: 's1', category: 'short_term', occurredAt: at(1) },
      { id: 's2', text: 's2', category: 'short_term', occurredAt: at(5) },
      { id: 's3', text: 's3', category: 'short_term', occurredAt: at(0), expiresAt: at(-0.1) },
      { id: 'old', text: 'old', category: 'short_term', occurredAt: at(0), supersededAt: at(0) },
    ]);
    const tiers = await recentForWorld(
      { memories },
      { userId: 'usr_1', petId: 'pet_1', now, perCategory: 1 },
    );
    expect({
      permanent: tiers.permanent.map((m) => m.id),
      long_term: tiers.long_term.map((m) => m.id),
      short_term: tiers.short_term.map((m) => m.id),
    }).toEqual({ permanent: ['p2'], long_term: ['l1'], short_term: ['s3'] });
  });
});
