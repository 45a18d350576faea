import { describe, expect, it } from 'vitest';
import { ModelOutputError, sequentialIds, silentLogger } from '../core/index.ts';
import { aPet, aUser, memoryStore, promptText, seed, someFriends, tickingClock } from '../test/index.ts';
import { friendsForPet, generateFriendPool, pickFriends } from './friends.ts';
import { stageModel } from './testing/stages.ts';

const pool = Array.from({ length: 30 }, (_, i) => ({ id: `frd_${String(i).padStart(2, '0')}` }));

describe('pickFriends', () => {
  it('is a pure function of the pet id and the pool (not its order)', () => {
    const a = pickFriends(pool, 'pet_abc');
    expect(pickFriends([...pool].reverse(), 'pet_abc')).toEqual(a);
    expect(a.length).toBeGreaterThanOrEqual(3);
    expect(a.length).toBeLessThanOrEqual(5);
    expect(new Set(a.map((f) => f.id)).size).toBe(a.length);
  });

  it('gives different pets different subsets of 3, 4 and 5 friends', () => {
    const picks = Array.from({ length: 60 }, (_, i) => pickFriends(pool, `pet_${i}`));
    expect(new Set(picks.map((p) => p.length))).toEqual(new Set([3, 4, 5]));
    expect(new Set(picks.map((p) => p.map((f) => f.id).join())).size).toBeGreaterThan(55);
  });

  it('takes the whole pool when it is smaller than the subset', () => {
    expect(pickFriends(pool.slice(0, 2), 'pet_x')).toHaveLength(2);
  });
});

describe('friendsForPet', () => {
  it('assigns a subset once, stores it and returns the stored one afterwards', async () => {
    const { friends } = await storeWith(
      someFriends().concat(someFriends().map((f) => ({ ...f, id: `${f.id}b` }))),
    );
    let assigns = 0;
    const assign = friends.assign.bind(friends);
    friends.assign = async (petId, ids) => {
      assigns++;
      await assign(petId, ids);
    };
    const first = await friendsForPet({ friends }, { id: 'pet_1' });
    const second = await friendsForPet({ friends }, { id: 'pet_1' });
    expect(first.length).toBeGreaterThanOrEqual(3);
    expect(second.map((f) => f.id).sort()).toEqual(first.map((f) => f.id).sort());
    expect(assigns).toBe(1);
  });

  it('returns no friends and assigns nothing when the pool is empty', async () => {
    const { friends, tables } = await storeWith([]);
    expect(await friendsForPet({ friends }, { id: 'pet_1' })).toEqual([]);
    expect(tables.links.size).toBe(0);
  });
});

/** A store holding Lena, her pet Mochi (`pet_1`) and a friend pool. */
async function storeWith(pool: ReturnType<typeof someFriends>) {
  const store = memoryStore();
  await seed(store, { users: [aUser()], pets: [aPet()], friends: pool });
  return store;
}

const draft = (name: string) => ({
  name,
  kind: 'hedgehog',
  personality: 'shy and precise',
  relationship: 'brings snacks',
  description: `${name} lives under the bakery steps.`,
});

async function poolDeps(answer: (n: number, count: number) => unknown, existing = someFriends()) {
  const { model } = stageModel({
    friend_batch: ({ n, prompt }) => answer(n, Number(/^Create (\d+)/.exec(prompt)?.[1])),
  });
  const { friends, tables } = await storeWith(existing);
  await friends.assign('pet_1', ['frd_1']);
  return {
    model,
    friends,
    tables,
    deps: {
      friends,
      model,
      // One reading per friend: distinct times keep the stored pool in creation order.
      clock: tickingClock('2025-03-01T00:00:00Z'),
      ids: sequentialIds(),
      logger: silentLogger,
    },
  };
}

describe('generateFriendPool', () => {
  it('generates in batches, tells later batches the taken names, then replaces the pool', async () => {
    let next = 0;
    const { deps, model, friends, tables } = await poolDeps((_, count) => ({
      friends: Array.from({ length: count }, () => draft(`Friend ${next++}`)),
    }));
    const created = await generateFriendPool(deps, { size: 25, batchSize: 10 });
    expect(created).toHaveLength(25);
    const prompts = model.doGenerateCalls.map((c) => promptText(c).user);
    expect(prompts.map((p) => /^Create (\d+)/.exec(p)?.[1])).toEqual(['10', '10', '5']);
    expect(prompts[0]).not.toContain('already in use');
    expect(prompts[2]).toContain('already in use: Friend 0, Friend 1');
    expect((await friends.listPool()).map((f) => f.name)).toEqual(created.map((f) => f.name));
    expect(tables.links.size).toBe(0);
    expect(created[0]).toMatchObject({ id: 'frd_1', createdAt: new Date('2025-03-01T00:00:00Z') });
  });

  it('drops duplicate names and fills the gap with another batch', async () => {
    const { deps, model } = await poolDeps((n) =>
      n === 0 ? { friends: [draft('Pip'), draft('pip'), draft('Hazel')] } : { friends: [draft('Bruno')] },
    );
    const created = await generateFriendPool(deps, { size: 3, batchSize: 3 });
    expect(created.map((f) => f.name)).toEqual(['Pip', 'Hazel', 'Bruno']);
    expect(model.doGenerateCalls).toHaveLength(2);
  });

  it('keeps what earlier batches gave when a later one repeats names whatever it is told', async () => {
    const { deps, model } = await poolDeps(() => ({
      friends: ['Pip', 'Hazel', 'Bruno', 'Momo', 'Kiwi', 'Juno'].map(draft),
    }));
    const created = await generateFriendPool(deps, { size: 12, batchSize: 6 });
    expect(created.map((f) => f.name)).toEqual(['Pip', 'Hazel', 'Bruno', 'Momo', 'Kiwi', 'Juno']);
    expect(model.doGenerateCalls).toHaveLength(4); // the first batch, then three attempts at the second
  });

  it('fails when what the model gives is too few for a pet, and keeps the old pool', async () => {
    const { deps, friends } = await poolDeps(() => ({ friends: ['Pip', 'Hazel', 'Bruno'].map(draft) }));
    await expect(generateFriendPool(deps, { size: 10, batchSize: 5 })).rejects.toThrow(
      /only 3 of 10 friends with distinct names/,
    );
    expect(await friends.listPool()).toHaveLength(3);
  });

  it('keeps the old pool when generation fails', async () => {
    const { deps, friends, tables } = await poolDeps(() => 'not json');
    await expect(generateFriendPool(deps, { size: 5 })).rejects.toBeInstanceOf(ModelOutputError);
    expect(await friends.listPool()).toHaveLength(3);
    expect(tables.links.get('pet_1')).toEqual(['frd_1']);
  });
});
