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
  });
}
