import { describe, expect, it } from 'vitest';
import type { FriendProfile, ModelUsageRecord, WorldDay } from '../../core/index.ts';
import { NotFoundError } from '../../core/index.ts';
import { at, type Harness, minutes, T0 } from './harness.ts';

function day(
  h: Harness,
  petId: string,
  userId: string,
  date: string,
  overrides: Partial<WorldDay> = {},
): WorldDay {
  return {
    id: h.id('day'),
    petId,
    userId,
    date,
    mode: 'normal',
    method: 'world-sim',
    outline: `outline of ${date}`,
    schedule: [{ time: '10:00', title: 'Walk in park', detail: 'Chased leaves.' }],
    promptVersion: 'world-v1',
    model: 'test-model',
    usage: { calls: 3, inputTokens: 1200, outputTokens: 400, sharedPrefixTokens: 800 },
    createdAt: T0,
    degraded: null,
    ...overrides,
  };
}

export function worldContract(h: Harness): void {
  describe('world days', () => {
    it('inserts a day once and keeps the stored one unless replacing', async () => {
      const { user, pet } = await h.pair();
      const first = day(h, pet.id, user.id, '2026-03-01');
      expect(await h.store().worlds.saveDay(first, { replace: false })).toEqual(first);
      expect(await h.store().worlds.getDay(pet.id, '2026-03-01')).toEqual(first);

      const second = day(h, pet.id, user.id, '2026-03-01', { outline: 'another day', mode: 'memory' });
      expect(await h.store().worlds.saveDay(second, { replace: false })).toEqual(first);
      expect(await h.store().worlds.getDay(pet.id, '2026-03-01')).toEqual(first);

      expect(await h.store().worlds.saveDay(second, { replace: true })).toEqual(second);
      expect(await h.store().worlds.getDay(pet.id, '2026-03-01')).toEqual(second);
      expect(await h.store().worlds.listDays(pet.id, '2026-03-01', '2026-03-01')).toHaveLength(1);
    });

    it('keeps why a day is degraded, and a replacing complete day clears it', async () => {
      const { user, pet } = await h.pair();
      const reasons = ['schedule: the schedule has 4 distinct events, needs 6-10', 'item 12:00 dropped: x'];
      const degraded = day(h, pet.id, user.id, '2026-03-07', { degraded: { reasons } });
      expect(await h.store().worlds.saveDay(degraded, { replace: false })).toEqual(degraded);
      expect((await h.store().worlds.getDay(pet.id, '2026-03-07'))?.degraded).toEqual({ reasons });

      const { degraded: _, ...complete } = day(h, pet.id, user.id, '2026-03-07');
      const saved = await h.store().worlds.saveDay(complete, { replace: true });
      expect(saved.degraded).toBeNull();
      expect((await h.store().worlds.getDay(pet.id, '2026-03-07'))?.degraded).toBeNull();
    });

    it('lists a date range in order, for one pet', async () => {
      const { user, pet } = await h.pair();
      const other = await h.pet(user.id);
      for (const date of ['2026-03-03', '2026-03-01', '2026-03-02', '2026-03-05']) {
        await h.store().worlds.saveDay(day(h, pet.id, user.id, date), { replace: false });
      }
      await h.store().worlds.saveDay(day(h, other.id, user.id, '2026-03-02'), { replace: false });
      const days = await h.store().worlds.listDays(pet.id, '2026-03-01', '2026-03-03');
      expect(days.map((d) => d.date)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
      expect(days.every((d) => d.petId === pet.id)).toBe(true);
      expect(await h.store().worlds.getDay(pet.id, '2026-03-04')).toBeNull();
    });

    it('refuses a day for a pet that does not exist', async () => {
      const user = await h.user();
      await expect(
        h.store().worlds.saveDay(day(h, h.id('pet'), user.id, '2026-03-01'), { replace: false }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('friends', () => {
    const friend = (h: Harness, name: string, minute: number): FriendProfile => ({
      id: h.id('fr'),
      name,
      kind: 'rabbit',
      personality: 'curious',
      relationship: 'neighbour',
      description: `${name} lives by the pond`,
      createdAt: at(minutes(minute)),
    });

    it('fills the pool, assigns friends to a pet in order, replaces and clears', async () => {
      await h.store().friends.clearPool();
      const [a, b, c] = [friend(h, 'Ann', 1), friend(h, 'Bo', 2), friend(h, 'Cy', 3)];
      await h.store().friends.addToPool([a, b, c]);
      await h.store().friends.addToPool([{ ...a, personality: 'bold' }]);
      expect(await h.store().friends.listPool()).toEqual([{ ...a, personality: 'bold' }, b, c]);

      const { pet } = await h.pair();
      const other = await h.pair();
      await h.store().friends.assign(pet.id, [c.id, a.id, c.id]);
      await h.store().friends.assign(other.pet.id, [b.id]);
      expect((await h.store().friends.friendsOf(pet.id)).map((f) => f.name)).toEqual(['Cy', 'Ann']);
      await h.store().friends.assign(pet.id, [b.id]);
      expect((await h.store().friends.friendsOf(pet.id)).map((f) => f.name)).toEqual(['Bo']);
      await expect(h.store().friends.assign(pet.id, [h.id('fr')])).rejects.toBeInstanceOf(NotFoundError);
      expect((await h.store().friends.friendsOf(pet.id)).map((f) => f.name)).toEqual(['Bo']);

      await h.store().friends.clearPool();
      expect(await h.store().friends.listPool()).toEqual([]);
      expect(await h.store().friends.friendsOf(pet.id)).toEqual([]);
      expect(await h.store().friends.friendsOf(other.pet.id)).toEqual([]);
    });
  });

  describe('usage', () => {
    it('sums calls, failures, tokens and latency per purpose, filtered', async () => {
      const { user, pet } = await h.pair();
      const record = (overrides: Partial<ModelUsageRecord>): ModelUsageRecord => ({
        purpose: 'chat',
        model: 'm',
        inputTokens: 100,
        outputTokens: 10,
        cachedInputTokens: 0,
        latencyMs: 200,
        timeToFirstTokenMs: 50,
        ok: true,
        userId: user.id,
        petId: pet.id,
        at: at(minutes(10)),
        ...overrides,
      });
      await h
        .store()
        .usage.record([
          record({}),
          record({ latencyMs: 400, ok: false, outputTokens: 0, timeToFirstTokenMs: null }),
          record({ purpose: 'world', inputTokens: 1000, outputTokens: 500, petId: null }),
          record({ at: at(minutes(-10)) }),
        ]);
      await h.store().usage.record([]);
      const since = await h.store().usage.summary({ userId: user.id, since: T0 });
      expect(since).toEqual([
        { purpose: 'chat', calls: 2, failures: 1, inputTokens: 200, outputTokens: 10, meanLatencyMs: 300 },
        { purpose: 'world', calls: 1, failures: 0, inputTokens: 1000, outputTokens: 500, meanLatencyMs: 200 },
      ]);
      const byPet = await h.store().usage.summary({ petId: pet.id });
      expect(byPet).toEqual([
        {
          purpose: 'chat',
          calls: 3,
          failures: 1,
          inputTokens: 300,
          outputTokens: 20,
          meanLatencyMs: 800 / 3,
        },
      ]);
      expect(await h.store().usage.summary({ userId: (await h.user()).id })).toEqual([]);
    });
  });
}
