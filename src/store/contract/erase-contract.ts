import { describe, expect, it } from 'vitest';
import { type Harness, T0 } from './harness.ts';

/** Puts `canary` in every user-owned table for a fresh user; returns the user and pet. */
async function seedEverything(h: Harness, canary: string) {
  const store = h.store();
  const user = await h.user({ name: `${canary} user` });
  const pet = await h.pet(user.id, { extensions: { note: canary } });
  await store.tokens.create({
    id: h.id('tok'),
    userId: user.id,
    tokenHash: `${canary}-h`,
    label: canary,
    createdAt: T0,
  });
  await store.pets.setMood({
    petId: pet.id,
    userId: user.id,
    emotion: canary,
    intensity: 0.5,
    updatedAt: T0,
  });
  const session = await store.chats.createSession({
    id: `ses_${canary}`,
    userId: user.id,
    petId: pet.id,
    startedAt: T0,
    lastMessageAt: T0,
    closedAt: null,
    extractedAt: null,
  });
  await store.chats.appendMessage(h.message(session, { content: `I am ${canary}`, idempotencyKey: canary }));
  await h.insertMemory(user.id, pet.id, { text: `${canary} likes tea` }, { model: canary, vector: [1, 2] });
  await store.worlds.saveDay(
    {
      id: h.id('day'),
      petId: pet.id,
      userId: user.id,
      date: '2026-03-01',
      mode: 'memory',
      method: 'world-sim',
      outline: `a day with ${canary}`,
      schedule: [{ time: '09:00', title: canary, detail: canary }],
      promptVersion: 'v1',
      model: 'm',
      usage: { calls: 1, inputTokens: 1, outputTokens: 1 },
      createdAt: T0,
    },
    { replace: false },
  );
  await store.usage.record([
    {
      purpose: 'chat',
      model: canary,
      inputTokens: 1,
      outputTokens: 1,
      cachedInputTokens: 0,
      latencyMs: 1,
      timeToFirstTokenMs: null,
      ok: true,
      userId: user.id,
      petId: pet.id,
      at: T0,
    },
  ]);
  // The rate-limit row holds only ids and numbers; the canary goes in its scope.
  await store.limits.take({
    scope: canary,
    userId: user.id,
    at: T0,
    bucket: { capacity: 1, refillPerMinute: 1 },
  });
  await store.reflections.addVersion({
    petId: pet.id,
    userId: user.id,
    scope: 'nightly',
    periodStart: '2026-02-27',
    periodEnd: '2026-03-01',
    promptVersion: 'v1',
    model: 'm',
    createdAt: T0,
    items: [{ id: h.id('refl'), topic: 'storyline', text: `${canary} learns to swim` }],
  });
  await store.proactive.plan([
    {
      id: h.id('pm'),
      userId: user.id,
      petId: pet.id,
      date: '2026-03-01',
      position: 0,
      dueAt: T0,
      text: `a shell for ${canary}`,
      groundedIn: '09:00',
      status: 'planned',
      skipReason: null,
      createdAt: T0,
      deliveredAt: null,
      messageId: null,
      readAt: null,
    },
  ]);
  await store.events.record([
    {
      userId: user.id,
      kind: 'session_start',
      at: T0,
      experiment: canary,
      variant: canary,
      sessionId: session.id,
      petId: pet.id,
    },
  ]);
  return { user, pet };
}

export function eraseContract(h: Harness): void {
  describe('erase', () => {
    it("removes every trace of the user from every table, and only that user's", async () => {
      const canary = `canary${h.id('x').replaceAll('_', '')}`;
      const survivor = `survivor${h.id('x').replaceAll('_', '')}`;
      const { user } = await seedEverything(h, canary);
      await seedEverything(h, survivor);

      const before = await h.probe.rowsContaining(h.store(), canary);
      // The canary must be somewhere in every table a user owns rows of, or the check below proves nothing.
      const shared = ['friends', 'pet_friends', 'metric_counters'];
      // Tables derived from the user's rows that hold only ids and counts: checked by the user's id instead.
      const derived = ['memory_search_stats'];
      const missing = Object.keys(before).filter(
        (table) => !shared.includes(table) && !derived.includes(table) && before[table] === 0,
      );
      expect(missing).toEqual([]);
      const byIdBefore = await h.probe.rowsContaining(h.store(), user.id);
      for (const table of derived.filter((t) => t in byIdBefore))
        expect(byIdBefore[table]).toBeGreaterThan(0);

      expect(await h.store().users.erase(user.id)).toBe(true);
      const after = await h.probe.rowsContaining(h.store(), canary);
      expect(
        Object.values(after).every((n) => n === 0),
        JSON.stringify(after),
      ).toBe(true);
      const byIdAfter = await h.probe.rowsContaining(h.store(), user.id);
      for (const table of derived) expect(byIdAfter[table] ?? 0, table).toBe(0);
      const survivors = await h.probe.rowsContaining(h.store(), survivor);
      expect(survivors).toMatchObject({ users: 1, pets: 1, messages: 1, memories: 1, world_days: 1 });
      expect(await h.store().users.erase(user.id)).toBe(false);
    });

    it('deleting a pet removes its sessions, messages, memories, days, reflections and planned messages but keeps usage', async () => {
      const canary = `petcanary${h.id('x').replaceAll('_', '')}`;
      const { user, pet } = await seedEverything(h, canary);
      expect(await h.store().pets.delete(user.id, pet.id)).toBe(true);
      const after = await h.probe.rowsContaining(h.store(), canary);
      expect(after).toMatchObject({
        pets: 0,
        chat_sessions: 0,
        messages: 0,
        memories: 0,
        world_days: 0,
        pet_moods: 0,
        reflections: 0,
        proactive_messages: 0,
      });
      expect(after).toMatchObject({ users: 1, model_usage: 1 });
    });
  });
}
