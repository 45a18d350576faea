import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatSession, Memory, Message, Store } from '../core/index.ts';
import { fixedClock, petProfileSchema, randomIds, silentLogger, userProfileSchema } from '../core/index.ts';
import { fakeEmbedder, openTestStore, scriptedModel } from '../test/index.ts';
import {
  closeAndExtract,
  exportMemories,
  importMemories,
  reindex,
  retrieveForDialogue,
  searchMemories,
  sweepMemories,
} from './index.ts';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const DAY = 86_400_000;
const ids = randomIds;

let store: Store;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(async () => {
  await store?.close();
});

async function pair(name = 'Alice') {
  const user = await store.users.create({
    id: ids('usr'),
    ...userProfileSchema.parse({ name }),
    createdAt: T0,
    updatedAt: T0,
  });
  const pet = await store.pets.create({
    id: ids('pet'),
    ownerId: user.id,
    profile: petProfileSchema.parse({ name: 'Mochi', kind: 'cat' }),
    extensions: {},
    createdAt: T0,
    updatedAt: T0,
  });
  return { userId: user.id, petId: pet.id };
}

async function chat(
  p: { userId: string; petId: string },
  startedAt: Date,
  lines: string[],
): Promise<ChatSession> {
  const session = await store.chats.createSession({
    id: ids('ses'),
    ...p,
    startedAt,
    lastMessageAt: startedAt,
    closedAt: null,
    extractedAt: null,
  });
  for (const [i, content] of lines.entries()) {
    const createdAt = new Date(startedAt.getTime() + i * 60_000);
    const message: Message = {
      id: ids('msg'),
      sessionId: session.id,
      ...p,
      role: i % 2 === 0 ? 'user' : 'pet',
      content,
      emotion: null,
      status: 'ok',
      idempotencyKey: null,
      replyToId: null,
      error: null,
      createdAt,
    };
    await store.chats.appendMessage(message);
    await store.chats.touchSession(session.id, createdAt);
  }
  return session;
}

const entry = (text: string, category: Memory['category'], extra: Record<string, unknown> = {}) => ({
  text,
  category,
  when: null,
  action: 'add',
  ref: null,
  ...extra,
});

function deps(model = scriptedModel({ generate: [{ memories: [] }] }), embedder = fakeEmbedder()) {
  return {
    memories: store.memories,
    chats: store.chats,
    users: store.users,
    pets: store.pets,
    model,
    embedder,
    ids,
    logger: silentLogger,
  };
}

describe('memory module on the real store', () => {
  it('extracts a closed session into tiers with expiry; a sweep 31 days later removes short-term only', async () => {
    const p = await pair();
    await chat(p, T0, ['I am allergic to cats. I am learning Japanese. I have a cold.', 'Oh no!']);
    const model = scriptedModel({
      generate: [
        {
          memories: [
            entry('Alice is allergic to cats', 'permanent'),
            entry('Alice is learning Japanese', 'long_term'),
            entry('Alice has a cold', 'short_term'),
          ],
        },
      ],
    });
    const now = new Date(T0.getTime() + 2 * 3600_000);
    const result = await closeAndExtract(deps(model), { ...p, idleMinutes: 30, now });
    expect(result).toMatchObject({ closed: 1, sessions: 1, added: 3 });

    const stored = await store.memories.list({ ...p, now });
    expect(stored.map((m) => [m.category, m.expiresAt?.toISOString() ?? null]).sort()).toEqual([
      ['long_term', new Date(now.getTime() + 90 * DAY).toISOString()],
      ['permanent', null],
      ['short_term', new Date(now.getTime() + 30 * DAY).toISOString()],
    ]);
    expect(stored.every((m) => m.embeddingModel === 'fake-bow-v1' && m.sourceSessionId !== null)).toBe(true);

    const clock = fixedClock(now);
    clock.advance(31 * DAY);
    await sweepMemories({ memories: store.memories }, { now: clock.now() });
    const left = await store.memories.list({ ...p, now: clock.now(), includeInactive: true });
    expect(left.map((m) => m.category).sort()).toEqual(['long_term', 'permanent']);
  });

  it('never extracts a session twice, even when two runs race', async () => {
    const p = await pair();
    await chat(p, T0, ['I love jasmine tea']);
    const now = new Date(T0.getTime() + 3600_000);
    const model = scriptedModel({
      generate: [{ memories: [entry('Alice loves jasmine tea', 'permanent')] }],
    });
    const d = deps(model);
    const [a, b] = await Promise.all([
      closeAndExtract(d, { ...p, idleMinutes: 30, now }),
      closeAndExtract(d, { ...p, idleMinutes: 30, now }),
    ]);
    expect(a.sessions + b.sessions).toBe(1);
    const again = await closeAndExtract(d, { ...p, idleMinutes: 30, now });
    expect(again.sessions).toBe(0);
    expect(await store.memories.list({ ...p, now, includeInactive: true })).toHaveLength(1);
  });

  it('supersedes a contradicted memory and keeps it in the exported history', async () => {
    const p = await pair();
    const now1 = new Date(T0.getTime() + 3600_000);
    await chat(p, T0, ['I live in Paris']);
    await closeAndExtract(
      deps(scriptedModel({ generate: [{ memories: [entry('Alice lives in Paris', 'permanent')] }] })),
      {
        ...p,
        idleMinutes: 30,
        now: now1,
      },
    );
    const now2 = new Date(T0.getTime() + 5 * DAY);
    await chat(p, new Date(T0.getTime() + 4 * DAY), ['I moved to Berlin!']);
    const model = scriptedModel({
      generate: [
        {
          memories: [entry('Alice moved to Berlin', 'permanent', { action: 'contradicts', ref: 'm1' })],
        },
      ],
    });
    const result = await closeAndExtract(deps(model), { ...p, idleMinutes: 30, now: now2 });
    expect(result).toMatchObject({ added: 1, superseded: 1 });

    const history = await exportMemories({ memories: store.memories }, { userId: p.userId, now: now2 });
    const paris = history.find((r) => r.text === 'Alice lives in Paris');
    const berlin = history.find((r) => r.text === 'Alice moved to Berlin');
    expect(paris).toMatchObject({
      status: 'superseded',
      supersededById: berlin?.id,
      supersededAt: now2.toISOString(),
    });
    expect(berlin?.status).toBe('active');
    expect((await store.memories.list({ ...p, now: now2 })).map((m) => m.text)).toEqual([
      'Alice moved to Berlin',
    ]);
  });

  it('retrieves within the (user, pet) pair, the relevant memory first', async () => {
    const mine = await pair();
    const other = await pair('Bob');
    const secondPet = await store.pets.create({
      id: ids('pet'),
      ownerId: mine.userId,
      profile: petProfileSchema.parse({ name: 'Pip', kind: 'parrot' }),
      extensions: {},
      createdAt: T0,
      updatedAt: T0,
    });
    const embedder = fakeEmbedder();
    const importDeps = { memories: store.memories, embedder, clock: fixedClock(T0), ids };
    const jsonl = (texts: string[]) => texts.map((text) => JSON.stringify({ text, category: 'permanent' }));
    await importMemories(importDeps, {
      ...mine,
      lines: jsonl(['Alice loves jasmine tea', 'Alice plays the violin', 'Alice has two brothers']),
    });
    await importMemories(importDeps, { ...other, lines: jsonl(['Bob loves jasmine tea very much']) });
    await importMemories(importDeps, {
      userId: mine.userId,
      petId: secondPet.id,
      lines: jsonl(['Alice loves jasmine tea with honey']),
    });

    const hits = await retrieveForDialogue(
      { memories: store.memories, embedder, logger: silentLogger },
      { ...mine, query: 'which tea do I love?', now: T0, k: 3 },
    );
    expect(hits[0]?.memory.text).toBe('Alice loves jasmine tea');
    expect(hits.every((h) => h.memory.userId === mine.userId && h.memory.petId === mine.petId)).toBe(true);
    expect(hits.map((h) => h.memory.text)).not.toContain('Alice has two brothers');
  });

  it('imports JSONL and finds it again with search', async () => {
    const p = await pair();
    const embedder = fakeEmbedder();
    const clock = fixedClock(T0);
    const lines = [
      JSON.stringify({
        text: 'Alice runs every Sunday morning',
        category: 'long_term',
        externalId: 'ext-run',
      }),
      JSON.stringify({ text: 'Alice works as a nurse', category: 'permanent', externalId: 'ext-job' }),
    ];
    expect(await importMemories({ memories: store.memories, embedder, clock, ids }, { ...p, lines })).toEqual(
      {
        imported: 2,
        duplicates: 0,
        expired: 0,
        flagged: [],
      },
    );
    const hits = await searchMemories(
      { memories: store.memories, embedder, logger: silentLogger, clock },
      { ...p, query: 'nurse', k: 5 },
    );
    expect(hits[0]).toMatchObject({ externalId: 'ext-job', text: 'Alice works as a nurse' });
  });

  it('re-embeds with a new embedder and then searches in its space', async () => {
    const p = await pair();
    const clock = fixedClock(T0);
    const oldEmbedder = fakeEmbedder('fake-old', 64);
    await importMemories(
      { memories: store.memories, embedder: oldEmbedder, clock, ids },
      { ...p, lines: [JSON.stringify({ text: 'Alice collects vintage stamps', category: 'permanent' })] },
    );
    const newEmbedder = fakeEmbedder('fake-new', 32);
    const before = await retrieveForDialogue(
      { memories: store.memories, embedder: newEmbedder, logger: silentLogger },
      { ...p, query: 'vintage stamps', now: T0, k: 3 },
    );
    expect(before[0]?.sources.dense).toBeUndefined();

    const result = await reindex(
      { memories: store.memories, embedder: newEmbedder, logger: silentLogger },
      { batchSize: 7 },
    );
    expect(result.embedded).toBeGreaterThanOrEqual(1);
    expect(await store.memories.countNeedingEmbedding('fake-new')).toBe(0);
    const after = await retrieveForDialogue(
      { memories: store.memories, embedder: newEmbedder, logger: silentLogger },
      { ...p, query: 'vintage stamps', now: T0, k: 3 },
    );
    expect(after[0]?.memory.text).toBe('Alice collects vintage stamps');
    expect(after[0]?.sources.dense).toBeGreaterThan(0.5);
  });
});
