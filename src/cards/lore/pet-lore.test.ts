import { describe, expect, it } from 'vitest';
import type { Message } from '../../core/index.ts';
import { createUser } from '../../profiles/index.ts';
import { aSession, fixedClock, memoryStore, sequentialIds } from '../../test/index.ts';
import { fixture } from '../fixtures.ts';
import { importPetCard } from '../pet-cards.ts';
import { createLoreSource } from './pet-lore.ts';
import { importLorebook } from './pet-lorebooks.ts';

async function setup() {
  const repos = memoryStore();
  const clock = fixedClock('2025-03-04T13:05:00Z');
  const ids = sequentialIds();
  const base = { ...repos, clock, ids };
  const user = await createUser(base, { name: 'Alice', callName: 'Ali' });
  const { pet } = await importPetCard(base, { ownerId: user.id, file: fixture('v1-flat.json') });
  await repos.chats.createSession(aSession({ userId: user.id, petId: pet.id, startedAt: clock.now() }));
  const source = createLoreSource();
  const message = (role: 'user' | 'pet', content: string, status: Message['status'] = 'ok'): Message => ({
    id: ids('msg'),
    sessionId: 'ses_1',
    userId: user.id,
    petId: pet.id,
    role,
    content,
    emotion: null,
    status,
    idempotencyKey: null,
    replyToId: null,
    error: null,
    createdAt: clock.now(),
  });
  // The turn hands over the pet as it loaded it, and the history's texts (answered messages only).
  const ask = async (text: string, recentTexts: string[] = []) => {
    const current = (await repos.pets.get(pet.id))!;
    return source({ user, pet: current, text, recentTexts: [...recentTexts, text], now: clock.now() });
  };
  return { repos, base, clock, user, pet, message, ask };
}

describe('createLoreSource', () => {
  it('sees a lorebook added under a fixed clock (the compiled-book cache follows the books)', async () => {
    const t = await setup();
    expect(await t.ask('the bakery van!')).toEqual({ entries: [] });
    await importLorebook(t.base, { petId: t.pet.id, file: fixture('lorebook-v3.json') });
    expect((await t.ask('the bakery van!')).entries.map((e) => e.id)).toEqual(['lore_1:3', 'lore_1:1']);
  });

  it('scans the recent texts it is handed plus the current one, and resolves macros for this user', async () => {
    const t = await setup();
    await importLorebook(t.base, {
      petId: t.pet.id,
      file: JSON.stringify({
        spec: 'lorebook_v3',
        data: {
          scan_depth: 3,
          entries: [{ keys: ['ivy'], content: '{{char}} hides from <user> in the ivy.' }],
        },
      }),
    });
    expect((await t.ask('hello', ['the ivy again'])).entries).toEqual([
      { id: 'lore_1:#0', text: 'Pip hides from Ali in the ivy.', constant: false },
    ]);
    expect((await t.ask('four', ['the ivy again', 'one', 'two', 'three'])).entries).toEqual([]);
  });
});
