import { describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.ts';
import { aDay, aPet, aUser, fakeEmbedder, memoryStore, seed } from '../test/index.ts';
import { petDayMemories, recordPetDay } from './pet-day.ts';

const now = new Date('2025-03-15T02:00:00Z');

async function setUp(timezone = 'Asia/Shanghai', locale: 'en' | 'zh' = 'en') {
  const store = memoryStore();
  const user = aUser({ timezone, locale });
  const pet = aPet();
  await seed(store, { users: [user], pets: [pet] });
  const embedder = fakeEmbedder();
  return { store, user, pet, embedder, deps: { memories: store.memories, embedder, logger: silentLogger } };
}

describe('recordPetDay', () => {
  it("stores each item of the day as the pet's own memory, at its local time in the owner's time zone", async () => {
    const { store, user, pet, deps } = await setUp('Asia/Shanghai');
    const day = aDay({ userId: user.id, petId: pet.id, date: '2025-03-14' });
    expect(await recordPetDay(deps, { day, user, pet, now })).toEqual({ added: 3 });

    const stored = await store.memories.list({ userId: user.id, petId: pet.id, now, subject: 'pet' });
    expect(stored).toHaveLength(3);
    const walk = stored.find((m) => m.externalId === `day:${day.id}:1`);
    // 11:00 in Shanghai (UTC+8) is 03:00 UTC.
    expect(walk?.occurredAt.toISOString()).toBe('2025-03-14T03:00:00.000Z');
    expect(walk).toMatchObject({ subject: 'pet', kind: 'day', category: 'short_term', dueOn: null });
    expect(walk?.text).toContain('2025-03-14');
    expect(walk?.text).toContain('11:00');
    expect(walk?.text).toContain(pet.profile.name);
    expect(walk?.text).toContain('Walk in park');
    expect(walk?.text).toContain('Chases leaves along the pond');
    // Embedded with the configured embedder, like the memories extracted from chats.
    expect(walk?.embeddingModel).toBe(deps.embedder.id);
    // Kept for the short-term retention (30 days) from when it was recorded.
    expect(walk?.expiresAt?.toISOString()).toBe('2025-04-14T02:00:00.000Z');
    // Nothing about the user.
    expect(await store.memories.list({ userId: user.id, petId: pet.id, now, subject: 'user' })).toEqual([]);
  });

  it('places the same wall-clock time at another instant in another zone', async () => {
    const { user, pet } = await setUp('America/New_York');
    const day = aDay({ userId: user.id, petId: pet.id, date: '2025-03-14' });
    const [stretch] = petDayMemories({ day, user, pet, now });
    // 07:30 in New York on 2025-03-14 (EDT, UTC-4) is 11:30 UTC.
    expect(stretch?.occurredAt.toISOString()).toBe('2025-03-14T11:30:00.000Z');
  });

  it('is idempotent: a retried night adds nothing and does not embed again', async () => {
    const { store, user, pet, embedder, deps } = await setUp();
    const day = aDay({ userId: user.id, petId: pet.id });
    await recordPetDay(deps, { day, user, pet, now });
    const calls = embedder.calls.length;
    expect(await recordPetDay(deps, { day, user, pet, now: new Date(now.getTime() + 60_000) })).toEqual({
      added: 0,
    });
    expect(embedder.calls.length).toBe(calls);
    const all = await store.memories.list({ userId: user.id, petId: pet.id, now, includeInactive: true });
    expect(all).toHaveLength(3);
  });

  it('treats a racing run that stored the day first as done', async () => {
    const { store, user, pet, deps } = await setUp();
    const day = aDay({ userId: user.id, petId: pet.id });
    // The other run wrote between this run's check and its write.
    const racing = {
      ...deps,
      memories: { ...store.memories, get: async () => null, insert: store.memories.insert },
    };
    await recordPetDay(deps, { day, user, pet, now });
    expect(await recordPetDay(racing, { day, user, pet, now })).toEqual({ added: 0 });
  });

  it("writes in the owner's language and stores without vectors when the embedder fails", async () => {
    const { store, user, pet, embedder, deps } = await setUp('Asia/Shanghai', 'zh');
    embedder.failing = true;
    const day = aDay({
      userId: user.id,
      petId: pet.id,
      schedule: [{ time: '10:00', title: '和Pip野餐', detail: '在湖边铺开格子布。' }],
    });
    await recordPetDay(deps, { day, user, pet, now });
    const [memory] = await store.memories.list({ userId: user.id, petId: pet.id, now, subject: 'pet' });
    expect(memory?.text).toBe(`2025-03-14 10:00，${pet.profile.name}：和Pip野餐。在湖边铺开格子布。`);
    expect(memory?.embeddingModel).toBeNull();
  });

  it("refuses a day of another user's pet", async () => {
    const { user, pet, deps } = await setUp();
    const day = aDay({ userId: 'usr_other', petId: pet.id });
    await expect(recordPetDay(deps, { day, user, pet, now })).rejects.toThrow(/not the day/);
  });
});
