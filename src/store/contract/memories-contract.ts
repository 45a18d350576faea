import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../core/index.ts';
import { at, days, type Harness, T0 } from './harness.ts';

const embedding = (model: string, vector: number[]) => ({ model, vector });

export function memoriesContract(h: Harness): void {
  describe('memories', () => {
    it('inserts a batch and reads each back for its owner only', async () => {
      const { user, pet } = await h.pair();
      const session = await h.session(user.id, pet.id);
      const a = h.memory(user.id, pet.id, { text: 'has a sister named Lin', sourceSessionId: session.id });
      const b = h.memory(user.id, pet.id, {
        text: 'exam on Friday',
        category: 'short_term',
        expiresAt: at(days(30)),
        externalId: 'import-7',
      });
      await h.store().memories.insert([
        { memory: a, embedding: embedding('m-a', [1, 0, 0]) },
        { memory: b, embedding: null },
      ]);
      expect(await h.store().memories.get(user.id, a.id)).toEqual({ ...a, embeddingModel: 'm-a' });
      expect(await h.store().memories.get(user.id, b.id)).toEqual(b);
      expect(await h.store().memories.get((await h.user()).id, a.id)).toBeNull();
      await h.store().memories.insert([]);
    });

    it('refuses a memory for a pet that does not exist', async () => {
      const user = await h.user();
      await expect(
        h.store().memories.insert([{ memory: h.memory(user.id, h.id('pet')), embedding: null }]),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('lists active memories by default, all when asked, by pet and category', async () => {
      const { user, pet } = await h.pair();
      const other = await h.pet(user.id);
      const now = at(days(10));
      const kept = await h.insertMemory(user.id, pet.id, { occurredAt: at(days(1)) });
      const expired = await h.insertMemory(user.id, pet.id, {
        category: 'short_term',
        expiresAt: at(days(5)),
      });
      const superseded = await h.insertMemory(user.id, pet.id, {
        supersededAt: at(days(2)),
        occurredAt: at(days(2)),
      });
      const elsewhere = await h.insertMemory(user.id, other.id, {
        category: 'long_term',
        expiresAt: at(days(90)),
      });
      const ids = async (filter: Parameters<ReturnType<Harness['store']>['memories']['list']>[0]) =>
        (await h.store().memories.list(filter)).map((m) => m.id);

      expect(await ids({ userId: user.id, petId: pet.id, now })).toEqual([kept.id]);
      expect(await ids({ userId: user.id, petId: pet.id, now, includeInactive: true })).toEqual([
        expired.id,
        kept.id,
        superseded.id,
      ]);
      expect((await ids({ userId: user.id, now })).sort()).toEqual([kept.id, elsewhere.id].sort());
      expect(await ids({ userId: user.id, now, categories: ['long_term'] })).toEqual([elsewhere.id]);
      expect(await ids({ userId: user.id, now, categories: [] })).toEqual([]);
      expect(await ids({ userId: (await h.user()).id, now, includeInactive: true })).toEqual([]);
    });

    it('updates fields for the owner only; new text drops the stale vector', async () => {
      const { user, pet } = await h.pair();
      const memory = await h.insertMemory(user.id, pet.id, { text: 'likes tea' }, embedding('m-u', [0, 1]));
      const intruder = await h.user();
      await h.store().memories.update(intruder.id, memory.id, { text: 'hacked' });
      expect((await h.store().memories.get(user.id, memory.id))?.text).toBe('likes tea');

      await h
        .store()
        .memories.update(user.id, memory.id, { occurredAt: at(days(1)), expiresAt: at(days(40)) });
      expect(await h.store().memories.get(user.id, memory.id)).toMatchObject({
        occurredAt: at(days(1)),
        expiresAt: at(days(40)),
        embeddingModel: 'm-u',
      });
      await h.store().memories.update(user.id, memory.id, { text: 'likes coffee now' });
      const updated = await h.store().memories.get(user.id, memory.id);
      expect(updated).toMatchObject({ text: 'likes coffee now', embeddingModel: null });
      await h
        .store()
        .memories.update(user.id, memory.id, { text: 'likes mocha', embedding: embedding('m-u', [1, 1]) });
      expect((await h.store().memories.get(user.id, memory.id))?.embeddingModel).toBe('m-u');
      await h.store().memories.update(user.id, memory.id, { expiresAt: null, embedding: null });
      expect(await h.store().memories.get(user.id, memory.id)).toMatchObject({
        expiresAt: null,
        embeddingModel: null,
      });
      const hits = await h
        .store()
        .memories.searchLexical({ userId: user.id, petId: pet.id, now: T0, k: 5, query: 'mocha' });
      expect(hits.map((s) => s.memory.id)).toEqual([memory.id]);
    });

    it('supersedes for the owner only', async () => {
      const { user, pet } = await h.pair();
      const old = await h.insertMemory(user.id, pet.id, { text: 'lives in Paris' });
      const next = await h.insertMemory(user.id, pet.id, { text: 'moved to Lyon' });
      await h.store().memories.supersede((await h.user()).id, old.id, next.id, at(days(1)));
      expect((await h.store().memories.get(user.id, old.id))?.supersededAt).toBeNull();
      await h.store().memories.supersede(user.id, old.id, next.id, at(days(1)));
      expect(await h.store().memories.get(user.id, old.id)).toMatchObject({
        supersededAt: at(days(1)),
        supersededById: next.id,
      });
      const active = await h.store().memories.list({ userId: user.id, petId: pet.id, now: at(days(2)) });
      expect(active.map((m) => m.id)).toEqual([next.id]);
    });

    it('deletes one or all, never across owners', async () => {
      const { user, pet } = await h.pair();
      const other = await h.pet(user.id);
      const a = await h.insertMemory(user.id, pet.id);
      await h.insertMemory(user.id, pet.id);
      await h.insertMemory(user.id, other.id);
      const intruder = await h.user();
      expect(await h.store().memories.deleteOne(intruder.id, a.id)).toBe(false);
      expect(await h.store().memories.deleteAll(intruder.id)).toBe(0);
      expect(await h.store().memories.deleteOne(user.id, a.id)).toBe(true);
      expect(await h.store().memories.deleteOne(user.id, a.id)).toBe(false);
      expect(await h.store().memories.deleteAll(user.id, pet.id)).toBe(1);
      expect(await h.store().memories.deleteAll(user.id)).toBe(1);
      expect(await h.store().memories.list({ userId: user.id, now: T0, includeInactive: true })).toEqual([]);
    });

    it('sweeps expired memories, rows and vectors, and keeps the rest', async () => {
      const { user, pet } = await h.pair();
      const gone = await h.insertMemory(
        user.id,
        pet.id,
        { expiresAt: at(days(30)) },
        embedding('m-s', [1, 2]),
      );
      const kept = await h.insertMemory(user.id, pet.id, { expiresAt: at(days(90)) });
      const forever = await h.insertMemory(user.id, pet.id, { expiresAt: null });
      expect(await h.store().memories.sweepExpired(at(days(31)))).toBeGreaterThanOrEqual(1);
      expect(await h.store().memories.get(user.id, gone.id)).toBeNull();
      expect(await h.store().memories.get(user.id, kept.id)).not.toBeNull();
      expect(await h.store().memories.get(user.id, forever.id)).not.toBeNull();
      expect(await h.store().memories.sweepExpired(at(days(31)))).toBe(0);
    });

    it('finds memories missing a vector of the current model and stores new ones', async () => {
      const { user, pet } = await h.pair();
      const model = `m-${h.id('model')}`;
      const none = await h.insertMemory(user.id, pet.id, { createdAt: at(1) });
      const stale = await h.insertMemory(
        user.id,
        pet.id,
        { createdAt: at(2) },
        embedding('old-model', [1, 0]),
      );
      const current = await h.insertMemory(
        user.id,
        pet.id,
        { createdAt: at(3) },
        embedding(model, [0, 1, 0]),
      );
      const before = await h.store().memories.countNeedingEmbedding(model);
      const needing = (await h.store().memories.needingEmbedding(model, 10_000)).map((m) => m.id);
      expect(needing).toEqual(expect.arrayContaining([none.id, stale.id]));
      expect(needing).not.toContain(current.id);
      expect(needing.length).toBe(before);
      expect(await h.store().memories.needingEmbedding(model, 1)).toHaveLength(1);

      await h.store().memories.setEmbedding(none.id, embedding(model, [1, 0, 0]));
      await h.store().memories.setEmbedding(stale.id, embedding(model, [0, 0, 1]));
      expect(await h.store().memories.countNeedingEmbedding(model)).toBe(before - 2);
      expect((await h.store().memories.get(user.id, stale.id))?.embeddingModel).toBe(model);
      const hits = await h.store().memories.searchDenseExact({
        userId: user.id,
        petId: pet.id,
        now: T0,
        k: 3,
        embedding: embedding(model, [0, 0, 1]),
      });
      expect(hits.map((s) => s.memory.id)[0]).toBe(stale.id);
    });

    it('rejects vectors pgvector cannot store', async () => {
      const { user, pet } = await h.pair();
      const bad = [embedding('m', []), embedding('m', [1, Number.NaN]), embedding('', [1])];
      for (const e of bad) {
        await expect(h.insertMemory(user.id, pet.id, {}, e)).rejects.toBeInstanceOf(ValidationError);
      }
    });

    it('returns recent memories newest first, by category', async () => {
      const { user, pet } = await h.pair();
      const d1 = await h.insertMemory(user.id, pet.id, { occurredAt: at(days(1)) });
      const d3 = await h.insertMemory(user.id, pet.id, { occurredAt: at(days(3)), category: 'short_term' });
      const d2 = await h.insertMemory(user.id, pet.id, { occurredAt: at(days(2)), category: 'long_term' });
      await h.insertMemory(user.id, pet.id, { occurredAt: at(days(4)), supersededAt: at(days(4)) });
      const q = { userId: user.id, petId: pet.id, now: at(days(5)) };
      expect((await h.store().memories.recent({ ...q, k: 2 })).map((m) => m.id)).toEqual([d3.id, d2.id]);
      expect((await h.store().memories.recent({ ...q, k: 9 })).map((m) => m.id)).toEqual([
        d3.id,
        d2.id,
        d1.id,
      ]);
      const longTerm = await h
        .store()
        .memories.recent({ ...q, k: 9, categories: ['long_term', 'permanent'] });
      expect(longTerm.map((m) => m.id)).toEqual([d2.id, d1.id]);
    });

    it('keeps whose experience a memory is, its kind and due date; lists and recalls by subject', async () => {
      const { user, pet } = await h.pair();
      const fact = await h.insertMemory(user.id, pet.id, { occurredAt: at(days(1)) });
      const exam = await h.insertMemory(user.id, pet.id, {
        occurredAt: at(days(2)),
        kind: 'upcoming',
        dueOn: '2026-03-06',
      });
      const picnic = await h.insertMemory(user.id, pet.id, {
        occurredAt: at(days(3)),
        subject: 'pet',
        kind: 'day',
        externalId: 'day:wday_1:0',
      });
      expect(await h.store().memories.get(user.id, exam.id)).toEqual(exam);
      expect(await h.store().memories.get(user.id, picnic.id)).toMatchObject({ subject: 'pet', kind: 'day' });

      const q = { userId: user.id, petId: pet.id, now: at(days(4)) };
      const ids = (list: Array<{ id: string }>) => list.map((m) => m.id);
      expect(ids(await h.store().memories.list(q))).toEqual([fact.id, exam.id, picnic.id]);
      expect(ids(await h.store().memories.list({ ...q, subject: 'user' }))).toEqual([fact.id, exam.id]);
      expect(ids(await h.store().memories.list({ ...q, subject: 'pet' }))).toEqual([picnic.id]);
      expect(ids(await h.store().memories.recent({ ...q, k: 9, subject: 'user' }))).toEqual([
        exam.id,
        fact.id,
      ]);
      expect(ids(await h.store().memories.recent({ ...q, k: 9, subject: 'pet' }))).toEqual([picnic.id]);
    });

    it('lists open promises, plans and upcoming events by due date, for the pair only', async () => {
      const { user, pet } = await h.pair();
      const other = await h.pet(user.id);
      const q = { userId: user.id, petId: pet.id, now: at(days(4)), k: 9 };
      const promise = await h.insertMemory(user.id, pet.id, {
        subject: 'pet',
        kind: 'promise',
        dueOn: '2026-03-05',
        occurredAt: at(days(1)),
      });
      const exam = await h.insertMemory(user.id, pet.id, {
        kind: 'upcoming',
        dueOn: '2026-03-06',
        occurredAt: at(days(2)),
      });
      const plan = await h.insertMemory(user.id, pet.id, {
        subject: 'pet',
        kind: 'plan',
        occurredAt: at(days(3)),
      });
      // Out of the range, of another kind, of another pet, superseded.
      await h.insertMemory(user.id, pet.id, { kind: 'upcoming', dueOn: '2026-03-20' });
      await h.insertMemory(user.id, pet.id, { subject: 'pet', kind: 'day', dueOn: '2026-03-05' });
      await h.insertMemory(user.id, other.id, { kind: 'promise', dueOn: '2026-03-05' });
      await h.insertMemory(user.id, pet.id, {
        kind: 'promise',
        dueOn: '2026-03-05',
        supersededAt: at(days(3)),
      });
      const kinds = ['promise', 'plan', 'upcoming'] as const;
      const due = (extra: { undatedSince?: Date }) =>
        h
          .store()
          .memories.due({ ...q, kinds: [...kinds], from: '2026-03-05', to: '2026-03-06', ...extra })
          .then((list) => list.map((m) => m.id));
      expect(await due({})).toEqual([promise.id, exam.id]);
      expect(await due({ undatedSince: at(days(2)) })).toEqual([promise.id, exam.id, plan.id]);
      expect(await due({ undatedSince: at(days(5)) })).toEqual([promise.id, exam.id]);
    });

    it("finds a window's memories in the same lexical search, spread over its days", async () => {
      const { user, pet } = await h.pair();
      const q = { userId: user.id, petId: pet.id, now: at(days(10)), k: 5 };
      const dayItem = (day: number, hour: number, text: string) =>
        h.insertMemory(user.id, pet.id, {
          subject: 'pet',
          kind: 'day',
          text,
          occurredAt: at(days(day) + hour * 3_600_000),
        });
      const walk = await dayItem(2, 0, 'Mochi took a walk by the pond');
      const picnic = await dayItem(2, 2, 'Mochi had a picnic with Pip');
      const nap = await dayItem(2, 5, 'Mochi napped in the sun');
      const kite = await dayItem(3, 1, 'Mochi flew a kite');
      await dayItem(5, 0, 'Mochi had another picnic');
      // The user's memory in the window is not the pet's: left out with subject 'pet'.
      await h.insertMemory(user.id, pet.id, { text: 'Ada baked bread', occurredAt: at(days(2) + 3_600_000) });
      const window = { from: at(days(2)), to: at(days(4)), subject: 'pet' as const };
      const search = (query: string, k: number) =>
        h.store().memories.searchLexical({ ...q, query, during: { ...window, k } });

      const found = await search('picnic', 9);
      // The matches first (both picnics, the window's one included), then the window's others with score 0.
      expect(found.slice(0, 2).every((hit) => hit.score > 0)).toBe(true);
      expect(found.slice(0, 2).map((hit) => hit.memory.id)).toContain(picnic.id);
      expect(
        found
          .slice(2)
          .map((hit) => [hit.memory.id, hit.score])
          .sort(),
      ).toEqual(
        [
          [kite.id, 0],
          [nap.id, 0],
          [walk.id, 0],
        ].sort(),
      );
      // Three of the window: each day's earliest first (walk, kite), then the first day's second (picnic).
      const spread = await search('', 3);
      expect(spread.map((hit) => hit.memory.id).sort()).toEqual([walk.id, picnic.id, kite.id].sort());
      expect(spread.every((hit) => hit.score === 0)).toBe(true);
      // No window: as before.
      const plain = await h.store().memories.searchLexical({ ...q, query: 'napped' });
      expect(plain.map((hit) => hit.memory.id)).toEqual([nap.id]);
    });
  });
}
