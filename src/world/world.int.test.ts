import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../core/index.ts';
import { silentLogger } from '../core/index.ts';
import { aMemory, aPet, aUser, fixedClock, openTestStore, sequentialIds } from '../test/index.ts';
import { friendsForPet, generateFriendPool } from './friends.ts';
import { generateDay, type WorldDeps } from './generate-day.ts';
import { stageModel, standardHandlers } from './testing/stages.ts';

const DATE = '2025-03-14';

describe('world module on a real store (PGlite)', () => {
  let store: Store;
  let nextFriend = 0;
  const scripted = () =>
    stageModel({
      ...standardHandlers,
      friend_batch: ({ prompt }) => ({
        friends: Array.from({ length: Number(/^Create (\d+)/.exec(prompt)?.[1]) }, () => ({
          name: `Friend ${nextFriend++}`,
          kind: 'hedgehog',
          personality: 'shy and precise',
          relationship: 'brings snacks',
          description: 'Lives under the bakery steps.',
        })),
      }),
    });
  const depsWith = (model: ReturnType<typeof scripted>['model']): WorldDeps => ({
    worlds: store.worlds,
    friends: store.friends,
    model,
    clock: fixedClock('2025-03-14T05:00:00Z'),
    ids: sequentialIds(),
    logger: silentLogger,
  });

  beforeEach(async () => {
    store = await openTestStore();
    await store.users.create(aUser());
    await store.pets.create(aPet());
    await store.pets.create(aPet({ id: 'pet_2' }));
  });
  afterEach(() => store.close());

  it('stores a generated day, reloads it unchanged, and returns it without calls', async () => {
    const { model } = scripted();
    const deps = depsWith(model);
    const day = await generateDay(deps, { pet: aPet(), user: aUser(), date: DATE, memories: [aMemory()] });
    expect(await store.worlds.getDay('pet_1', DATE)).toEqual(day);
    expect(day.mode).toBe('memory');
    expect(day.schedule).toHaveLength(8);
    expect(day.usage.sharedPrefixTokens).toBeGreaterThan(0);

    const calls = model.doGenerateCalls.length;
    const again = await generateDay(deps, { pet: aPet(), user: aUser(), date: DATE, memories: [] });
    expect(again).toEqual(day);
    expect(model.doGenerateCalls).toHaveLength(calls);
  });

  it('force regenerates and replaces the stored day (one day per pet and date)', async () => {
    const { model } = scripted();
    const deps = depsWith(model);
    const first = await generateDay(deps, { pet: aPet(), user: aUser(), date: DATE, memories: [] });
    const forced = await generateDay(deps, {
      pet: aPet(),
      user: aUser(),
      date: DATE,
      memories: [],
      method: 'basic-info',
      force: true,
    });
    expect(forced.id).not.toBe(first.id);
    const days = await store.worlds.listDays('pet_1', DATE, DATE);
    expect(days).toEqual([forced]);
    expect(days[0]).toMatchObject({ method: 'basic-info', schedule: [], model: 'none' });
  });

  it('assigns each pet a stable subset of the stored pool; regenerating the pool reassigns', async () => {
    const { model } = scripted();
    const deps = depsWith(model);
    const pool = await generateFriendPool(deps, { size: 12, batchSize: 5 });
    expect(await store.friends.listPool()).toHaveLength(12);

    const mine = await friendsForPet(deps, { id: 'pet_1' });
    expect(mine.length).toBeGreaterThanOrEqual(3);
    expect(mine.length).toBeLessThanOrEqual(5);
    expect(mine.every((f) => pool.some((p) => p.id === f.id))).toBe(true);
    expect((await store.friends.friendsOf('pet_1')).map((f) => f.id)).toEqual(mine.map((f) => f.id));
    expect((await friendsForPet(deps, { id: 'pet_1' })).map((f) => f.id)).toEqual(mine.map((f) => f.id));

    // the day's outline prompt names exactly this pet's friends
    const day = await generateDay(deps, { pet: aPet(), user: aUser(), date: DATE, memories: [] });
    const outlineCall = model.doGenerateCalls.find(
      (c) => c.responseFormat?.type === 'json' && c.responseFormat.name === 'world_outline',
    );
    const format = outlineCall?.responseFormat;
    const names = format?.type === 'json' ? JSON.stringify(format.schema) : '';
    for (const friend of pool) {
      expect(names.includes(`"${friend.name}"`)).toBe(mine.some((m) => m.id === friend.id));
    }
    expect(day.schedule.length).toBeGreaterThan(0);

    await generateFriendPool(deps, { size: 6 });
    expect(await store.friends.friendsOf('pet_1')).toEqual([]);
    const reassigned = await friendsForPet(deps, { id: 'pet_1' });
    expect(reassigned.every((f) => !pool.some((p) => p.id === f.id))).toBe(true);
  });
});
