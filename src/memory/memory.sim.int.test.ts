import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMORY_CATEGORIES, silentLogger } from '../core/index.ts';
import { SIM_MODES, type SimHandle, startSimulator } from '../sim/index.ts';
import {
  aPet,
  aUser,
  fakeEmbedder,
  type MemoryStore,
  memoryStore,
  seed,
  seedConversation,
  sequentialIds,
} from '../test/index.ts';
import { closeAndExtract } from './index.ts';
import { MAX_MEMORY_TEXT } from './prompts/extract.v2.schema.ts';

/**
 * Memory extraction over the real HTTP provider path against the project's simulator, in both modes: normal
 * (it reads the schema's hints, like a good model) and schema-only (it honours the JSON schema alone: any
 * number of entries up to the cap, random text, any subject, kind, due date, category, action and ref). Either way every closed
 * session is extracted, nothing fails, and what is stored keeps the memory rules.
 */
const T0 = new Date('2026-03-01T10:00:00.000Z');

describe.each(SIM_MODES)('memory extraction against the model simulator ($name)', (mode) => {
  let sim: SimHandle;
  let store: MemoryStore;
  const pair = { userId: 'usr_1', petId: 'pet_1' };
  const ids = sequentialIds();

  beforeAll(async () => {
    sim = await startSimulator({ seed: 7, ...mode.options });
    store = memoryStore();
    await seed(store, { users: [aUser()], pets: [aPet()] });
  });
  afterAll(() => sim?.close());

  const deps = () => ({
    memories: store.memories,
    chats: store.chats,
    users: store.users,
    pets: store.pets,
    model: createOpenAICompatible({
      name: 'sim',
      baseURL: sim.url,
      supportsStructuredOutputs: true,
    }).chatModel('ipet-sim'),
    embedder: fakeEmbedder(),
    ids,
    logger: silentLogger,
  });

  it('extracts every closed session, twice in a row, and stores only valid memories', async () => {
    const lines = [
      [
        'I am allergic to cats. I am learning Japanese.',
        'Oh! Japanese is hard.',
        'My sister Mia visits Friday.',
      ],
      ['Mia came over, we made dumplings.', 'Yum!', 'I stopped learning Japanese, now it is Korean.'],
    ];
    let added = 0;
    for (const [i, session] of lines.entries()) {
      const startedAt = new Date(T0.getTime() + i * 86_400_000);
      await seedConversation(store, { id: `ses_${i + 1}`, startedAt, closed: true }, session);
      const now = new Date(startedAt.getTime() + 3_600_000);
      const result = await closeAndExtract(deps(), { ...pair, idleMinutes: 30, now });
      expect(result, JSON.stringify(result.failures)).toMatchObject({ sessions: 1, failed: 0 });
      added += result.added;
    }
    // A good model finds facts in these sessions; a schema-only one may well answer with none.
    if (mode.name === 'normal') expect(added).toBeGreaterThan(0);

    const stored = await store.memories.list({ ...pair, now: T0, includeInactive: true });
    expect(stored.length).toBeGreaterThanOrEqual(added);
    for (const memory of stored) {
      expect(memory.text.trim()).toBe(memory.text);
      expect(memory.text.length).toBeGreaterThan(0);
      expect(memory.text.length).toBeLessThanOrEqual(MAX_MEMORY_TEXT);
      expect(MEMORY_CATEGORIES).toContain(memory.category);
      expect(memory.expiresAt === null).toBe(memory.category === 'permanent');
      // Whatever subject/kind pair the model chose, what is stored is one the program allows.
      if (memory.subject === 'user') expect([null, 'upcoming']).toContain(memory.kind);
      else expect(['promise', 'plan', 'opinion', 'shared']).toContain(memory.kind);
      if (memory.dueOn !== null) {
        expect(memory.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(['promise', 'plan', 'upcoming']).toContain(memory.kind);
      }
    }
    const sessions = await store.chats.listSessions(pair.userId, pair.petId);
    expect(sessions.every((s) => s.extractedAt !== null)).toBe(true);
  });
});
