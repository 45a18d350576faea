import { describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.ts';
import { recordPetDay, retrieveForDialogue } from '../memory/index.ts';
import { aDay, aMemory, fakeEmbedder, promptOf } from '../test/index.ts';
import { chat } from './chat.ts';
import { chatFixture, collect, partOf } from './testing/fixture.ts';

const CONTEXT_END = '</turn-context>';

/**
 * The pet's own memories in a chat turn, through the memory module's real retrieval over the in-memory
 * store: the day it lived yesterday (recorded as it would be by the night's job), what it said about itself.
 * The fixture's clock: Tuesday 2025-03-04, 14:05 in Paris.
 */
async function pairWithYesterday(locale: 'en' | 'zh' = 'en') {
  const embedder = fakeEmbedder();
  const f = await chatFixture({ user: { locale } });
  const memories = f.store.memories;
  f.deps.retrieveMemories = (q) => retrieveForDialogue({ memories, embedder, logger: silentLogger }, q);
  const yesterday = aDay({
    id: 'wday_3',
    userId: f.user.id,
    petId: f.pet.id,
    date: '2025-03-03',
    schedule: [
      { time: '09:00', title: 'Morning stretch', detail: 'Front paws first.' },
      { time: '12:30', title: 'Picnic with Pip', detail: 'Shared crumbs on a red blanket by the pond.' },
      { time: '17:00', title: 'Kite repairs', detail: 'Patched the torn sail with tape.' },
    ],
  });
  await recordPetDay(
    { memories, embedder, logger: silentLogger },
    { day: yesterday, user: f.user, pet: f.pet, now: new Date('2025-03-04T01:00:00Z') },
  );
  await memories.insert([
    {
      memory: aMemory({
        id: 'mem_user',
        userId: f.user.id,
        petId: f.pet.id,
        text: 'Alice loves a picnic in spring.',
        occurredAt: new Date('2025-03-01T10:00:00Z'),
        expiresAt: null,
      }),
      embedding: null,
    },
  ]);
  return f;
}

async function turnContext(f: Awaited<ReturnType<typeof chatFixture>>, text: string) {
  const parts = await collect(chat(f.deps, { userId: f.user.id, petId: f.pet.id, text }));
  const error = parts.find((p) => p.type === 'error');
  if (error) throw new Error(JSON.stringify(error));
  const last = promptOf(f.model, 0).at(-1)!.text;
  return { text: last.slice(0, last.indexOf(CONTEXT_END)), context: partOf(parts, 'context').context };
}

describe("the pet's memories in a chat turn", () => {
  it("shows yesterday's items in their own block when the user asks about yesterday", async () => {
    const f = await pairWithYesterday();
    const { text, context } = await turnContext(f, 'How was the picnic yesterday?');

    expect(text).toContain('Alice asks about 2025-03-03: what you did then is under');
    const own = text.slice(text.indexOf('What you did and said recently:'));
    expect(own).toContain('<pet-memories>');
    // Every item of the day, in order - not only the one the words match.
    const stretch = own.indexOf('Morning stretch');
    const picnic = own.indexOf('Picnic with Pip');
    const kite = own.indexOf('Kite repairs');
    expect(stretch).toBeGreaterThan(0);
    expect(picnic).toBeGreaterThan(stretch);
    expect(kite).toBeGreaterThan(picnic);
    expect(own).toContain('Shared crumbs on a red blanket');
    // The user's memory goes in the user's block.
    expect(text).toContain('What you remember about Alice:\n<memories>\n> (2025-03-01) Alice loves a picnic');
    expect(context.memories.filter((m) => m.subject === 'pet')).toHaveLength(3);
    expect(context.memories.find((m) => m.id === 'mem_user')?.subject).toBe('user');
    // The stable system message does not change with the turn's memories.
    expect(promptOf(f.model, 0)[0]?.text).not.toContain('Picnic with Pip');
  });

  it('says it does not remember a time nothing is stored for, rather than inventing it', async () => {
    const f = await pairWithYesterday();
    const { text } = await turnContext(f, 'What did you do last week?');
    expect(text).toContain(
      "Alice asks about 2025-02-24 – 2025-03-02, but you have no memory of what you did then. If asked, say you don't remember; do not invent it.",
    );
    // Nothing of that week is in the prompt (other memories may be, found by the words).
    expect(text).not.toContain('(2025-02-');
  });

  it('asks in Chinese too', async () => {
    const f = await pairWithYesterday('zh');
    const { text } = await turnContext(f, '昨天的野餐怎么样？');
    expect(text).toContain('你最近做过和说过的事：');
    expect(text).toContain('Picnic with Pip');
    expect(text).toContain('2025-03-03');
  });

  it('adds no recall line when the user does not ask about the past', async () => {
    const f = await pairWithYesterday();
    const { text } = await turnContext(f, 'Do you like kites?');
    expect(text).not.toContain('asks about');
  });
});
