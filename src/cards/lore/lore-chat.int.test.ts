import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../core/index.ts';
import { fixedClock, sequentialIds, silentLogger } from '../../core/index.ts';
import { type ChatDeps, chat } from '../../dialogue/index.ts';
import { collect, partOf, T0 } from '../../dialogue/testing/index.ts';
import { createUser } from '../../profiles/index.ts';
import { openTestStore, promptOf, scriptedModel } from '../../test/index.ts';
import { fixture } from '../fixtures.ts';
import { importPetCard } from '../pet-cards.ts';
import { createLoreSource } from './pet-lore.ts';
import { importLorebook } from './pet-lorebooks.ts';

let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

async function setup(card = 'v2-with-book.json') {
  const clock = fixedClock(T0);
  const ids = sequentialIds();
  const base = { users: store.users, pets: store.pets, clock, ids };
  const user = await createUser(base, { name: 'Alice', timezone: 'Europe/Paris' });
  const { pet } = await importPetCard(base, { ownerId: user.id, file: fixture(card) });
  const model = scriptedModel({ stream: [{ chunks: ['[joy] Aye.'] }] });
  const deps: ChatDeps = {
    ...base,
    chats: store.chats,
    model,
    logger: silentLogger,
    lore: createLoreSource(),
  };
  let turns = 0;
  const send = async (text: string) => {
    clock.advance(60_000);
    const parts = await collect(chat(deps, { userId: user.id, petId: pet.id, text }));
    const n = turns++;
    const context = partOf(parts, 'context').context;
    // What ipet wrote into the prompt: the system message and the turn context opening the last user turn.
    const prompt = promptOf(model, n);
    const system = [...prompt.filter((m) => m.role === 'system'), prompt.at(-1)!]
      .map((m) => m.text)
      .join('\n');
    return { lore: context.lore.map((l) => l.id), system };
  };
  return { base, user, pet, send };
}

describe('lorebooks in the chat prompt', () => {
  it('puts an entry in the prompt, quoted, when its key appears, with macros resolved', async () => {
    const t = await setup();
    const turn = await t.send("What is the Gull's Rest like?");
    expect(turn.lore).toEqual(['card:3', 'card:1']);
    expect(turn.system).toContain('Reference notes about your world:\n<lore>\n');
    expect(turn.system).toContain("> The Gull's Rest is a three-masted airship");
    expect(turn.system).toContain(
      '> Captain Wren never drinks while the ship is in the air, and expects the same of Alice.',
    );
    expect(turn.system).not.toContain('{{char}} never drinks');
  });

  it('leaves keyed entries out when no key appears, but keeps constant ones', async () => {
    const t = await setup();
    const turn = await t.send('Good morning, captain.');
    expect(turn.lore).toEqual(['card:3']);
    expect(turn.system).not.toContain('three-masted airship');
    expect(turn.system).not.toContain('Harrow Spire');
  });

  it('needs a secondary key for selective entries, never uses disabled ones, and forgets after the scan depth', async () => {
    const t = await setup();
    expect((await t.send('Is that Harrow ahead? And the old mutiny?')).lore).toEqual(['card:3']);
    expect((await t.send('Harrow in a storm, captain!')).lore).toEqual(['card:3', 'card:2']);
    // scan_depth 3: the mention leaves the window after two more turns (4 messages).
    await t.send('Aye.');
    expect((await t.send('Anything else?')).lore).toEqual(['card:3']);
  });

  it('adds a standalone lorebook, regex keys included, to the pet', async () => {
    const t = await setup('v1-flat.json');
    expect((await t.send('hello')).lore).toEqual([]);
    const { bookId } = await importLorebook(
      { pets: store.pets, clock: t.base.clock, ids: t.base.ids },
      { petId: t.pet.id, file: fixture('lorebook-v3.json') },
    );
    const turn = await t.send('The CAT is back!');
    expect(turn.lore).toEqual([`${bookId}:3`, `${bookId}:2`]);
    expect(turn.system).toContain('> Marmalade, the ginger cat from number 12');
  });
});

describe('importing rejects hostile files and creates nothing', () => {
  it.each([
    'hostile/script-in-chara.png',
    'hostile/ztxt-bomb.png',
    'hostile/bad-crc.png',
    'hostile/iframe-in-lore.json',
    'hostile/name-too-long.json',
  ])('%s', async (name) => {
    const base = { users: store.users, pets: store.pets, clock: fixedClock(T0), ids: sequentialIds() };
    const user = await createUser(base, { name: 'Alice' });
    await expect(importPetCard(base, { ownerId: user.id, file: fixture(name) })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(await store.pets.listByOwner(user.id)).toEqual([]);
  });

  it('rejects a hostile lorebook without touching the pet', async () => {
    const t = await setup();
    const before = await store.pets.get(t.pet.id);
    const hostile =
      '{"spec":"lorebook_v3","data":{"entries":[{"keys":["x"],"content":"<img src=x onerror=alert(1)>"}]}}';
    await expect(
      importLorebook(
        { pets: store.pets, clock: t.base.clock, ids: t.base.ids },
        { petId: t.pet.id, file: hostile },
      ),
    ).rejects.toThrow('onerror');
    expect(await store.pets.get(t.pet.id)).toEqual(before);
  });
});

describe('the stored card survives the store', () => {
  it('round-trips extensions through JSONB unchanged', async () => {
    const t = await setup('v3-rich.json');
    const stored = await store.pets.get(t.pet.id);
    expect(stored!.extensions).toEqual(t.pet.extensions);
  });
});
