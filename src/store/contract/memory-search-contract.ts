import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { ScoredMemory, Store } from '../../core/index.ts';
import { bm25Idf, bm25Term } from '../bm25.ts';
import { internalsOf } from '../internals.ts';
import { applyDenseSettings, denseQuery } from '../memory-search.ts';
import { vectorIndexName } from '../vector-sql.ts';
import { supportsIterativeScan } from '../vector-version.ts';
import { at, days, type Harness, T0 } from './harness.ts';

/** Unit vector at `angle` radians in the first two dimensions, zeros after. */
function direction(angle: number, dimensions: number): number[] {
  const v = new Array<number>(dimensions).fill(0);
  v[0] = Math.cos(angle);
  v[1] = Math.sin(angle);
  return v;
}

/** A deterministic pseudo-random vector (no Math.random: failures must reproduce). */
function seeded(seed: number, dimensions: number): number[] {
  let x = seed * 9301 + 49297;
  return Array.from({ length: dimensions }, () => {
    x = (x * 9301 + 49297) % 233280;
    return x / 233280 - 0.5;
  });
}

/** The plan of the store's dense query, with the other paths (scans plus a sort) discouraged. */
async function explainDense(store: Store, q: Parameters<typeof denseQuery>[1]): Promise<string> {
  const { engine } = internalsOf(store);
  const query = denseQuery(engine.db, q).toSQL();
  // EXPLAIN cannot take bind parameters of the explained statement, so the test inlines its own values.
  const literal = (p: unknown) =>
    typeof p === 'number' ? String(p) : `'${String(p).replaceAll("'", "''")}'`;
  const text = query.sql.replace(/\$(\d+)/g, (_, n: string) => literal(query.params[Number(n) - 1]));
  return engine.db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    await tx.execute(sql`set local enable_bitmapscan = off`);
    await tx.execute(sql`set local enable_sort = off`); // the btree path needs a sort, the HNSW path none
    const result = (await tx.execute(sql.raw(`explain ${text}`))) as unknown as {
      rows: Array<Record<string, string>>;
    };
    return result.rows.map((row) => Object.values(row).join(' ')).join('\n');
  });
}

/** Through the HNSW index (other paths discouraged), iterative scans fill `k` rows that a plain scan misses. */
async function expectIndexScansFillK(
  store: Store,
  q: Parameters<typeof denseQuery>[1],
  exact: ScoredMemory[],
): Promise<void> {
  const { engine, vectorVersion } = internalsOf(store);
  const viaIndex = (options: { iterativeScan: boolean; efSearch: number }) =>
    engine.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      await tx.execute(sql`set local enable_bitmapscan = off`);
      await tx.execute(sql`set local enable_sort = off`); // the btree path needs a sort, the HNSW path none
      await applyDenseSettings(tx, options, 1);
      // Sessions start with iterative scans on (session-settings.ts): the control turns them off.
      if (!options.iterativeScan) await tx.execute(sql`set local hnsw.iterative_scan = off`);
      return (await denseQuery(tx, q)).map((row) => row.id).sort();
    });
  const sortedExact = exact.map((s) => s.memory.id).sort();
  if (supportsIterativeScan(vectorVersion)) {
    expect(await viaIndex({ iterativeScan: true, efSearch: 10 })).toEqual(sortedExact);
    // Control: without iterative scans, 10 candidates out of 406 rarely hold 5 of this pair's 6.
    expect((await viaIndex({ iterativeScan: false, efSearch: 10 })).length).toBeLessThan(5);
  }
}

export function memorySearchContract(h: Harness): void {
  describe('dense search', () => {
    it('ranks the nearest vector first, scores by cosine similarity', async () => {
      const { user, pet } = await h.pair();
      const model = `dense-${h.id('m')}`;
      await h.store().memories.ensureVectorIndex(model, 4);
      const near = await h.insertMemory(
        user.id,
        pet.id,
        { text: 'near' },
        { model, vector: direction(0.1, 4) },
      );
      const mid = await h.insertMemory(
        user.id,
        pet.id,
        { text: 'mid' },
        { model, vector: direction(1.0, 4) },
      );
      const far = await h.insertMemory(
        user.id,
        pet.id,
        { text: 'far' },
        { model, vector: direction(3.0, 4) },
      );
      const q = {
        userId: user.id,
        petId: pet.id,
        now: T0,
        k: 3,
        embedding: { model, vector: direction(0, 4) },
      };
      for (const search of [h.store().memories.searchDense, h.store().memories.searchDenseExact]) {
        const hits = await search(q);
        expect(hits.map((s) => s.memory.id)).toEqual([near.id, mid.id, far.id]);
        expect(hits[0]?.score).toBeCloseTo(Math.cos(0.1), 5);
        expect(hits[2]?.score).toBeCloseTo(Math.cos(3.0), 5);
        expect(hits[0]?.memory).toEqual({ ...near, embeddingModel: model });
      }
      expect(await h.store().memories.searchDense({ ...q, k: 1 })).toHaveLength(1);
      expect(await h.store().memories.searchDense({ ...q, k: 0 })).toEqual([]);
    });

    it('excludes other users, pets, models, superseded and expired memories', async () => {
      const { user, pet } = await h.pair();
      const otherPet = await h.pet(user.id);
      const stranger = await h.pair();
      const model = `dense-${h.id('m')}`;
      const otherModel = `dense-other-${h.id('m')}`;
      await h.store().memories.ensureVectorIndex(model, 3);
      await h.store().memories.ensureVectorIndex(otherModel, 3);
      const exact = [1, 0, 0];
      const visible = await h.insertMemory(
        user.id,
        pet.id,
        { text: 'visible' },
        { model, vector: [0.5, 0.5, 0] },
      );
      const decoys = [
        await h.insertMemory(user.id, otherPet.id, {}, { model, vector: exact }),
        await h.insertMemory(stranger.user.id, stranger.pet.id, {}, { model, vector: exact }),
        await h.insertMemory(user.id, pet.id, {}, { model: otherModel, vector: exact }),
        await h.insertMemory(
          user.id,
          pet.id,
          { supersededAt: T0, supersededById: visible.id },
          { model, vector: exact },
        ),
        await h.insertMemory(user.id, pet.id, { expiresAt: at(days(1)) }, { model, vector: exact }),
      ];
      const q = {
        userId: user.id,
        petId: pet.id,
        now: at(days(2)),
        k: 10,
        embedding: { model, vector: exact },
      };
      for (const search of [h.store().memories.searchDense, h.store().memories.searchDenseExact]) {
        expect((await search(q)).map((s) => s.memory.id)).toEqual([visible.id]);
      }
      const withInactive = await h.store().memories.searchDense({ ...q, includeInactive: true });
      expect(withInactive.map((s) => s.memory.id).sort()).toEqual(
        [visible.id, decoys[3]!.id, decoys[4]!.id].sort(),
      );
    });

    it('keeps vectors of two models with different dimensions side by side', async () => {
      const { user, pet } = await h.pair();
      const small = `small-${h.id('m')}`;
      const large = `large-${h.id('m')}`;
      await h.store().memories.ensureVectorIndex(small, 3);
      await h.store().memories.ensureVectorIndex(large, 8);
      const a = await h.insertMemory(user.id, pet.id, { text: 'small' }, { model: small, vector: [1, 2, 3] });
      const b = await h.insertMemory(
        user.id,
        pet.id,
        { text: 'large' },
        { model: large, vector: seeded(1, 8) },
      );
      const base = { userId: user.id, petId: pet.id, now: T0, k: 5 };
      const bySmall = await h
        .store()
        .memories.searchDense({ ...base, embedding: { model: small, vector: [1, 2, 3] } });
      const byLarge = await h
        .store()
        .memories.searchDense({ ...base, embedding: { model: large, vector: seeded(1, 8) } });
      expect(bySmall.map((s) => s.memory.id)).toEqual([a.id]);
      expect(byLarge.map((s) => s.memory.id)).toEqual([b.id]);
      expect(byLarge[0]?.score).toBeCloseTo(1, 5);
    });

    it.skipIf(!h.probe.sql)(
      'creates one partial HNSW index per model, idempotently, that the dense query can use',
      async () => {
        const model = `plan-${h.id('m')}`;
        await h.store().memories.ensureVectorIndex(model, 5);
        await h.store().memories.ensureVectorIndex(model, 5);
        const { engine } = internalsOf(h.store());
        const name = vectorIndexName(model, 5);
        const [index] = await engine.query<{ indexdef: string }>(
          'select indexdef from pg_indexes where indexname = $1',
          [name],
        );
        expect(index?.indexdef).toMatch(/USING hnsw .*vector\(5\).*vector_cosine_ops.*WHERE/);
        const q = { userId: 'u', petId: 'p', now: T0, k: 5, embedding: { model, vector: seeded(2, 5) } };
        expect(await explainDense(h.store(), q)).toContain(name);
        const otherModel = { ...q, embedding: { model: `${model}-x`, vector: seeded(2, 5) } };
        expect(await explainDense(h.store(), otherModel)).not.toContain(name);
      },
    );

    it('quotes odd model ids safely', async () => {
      const { user, pet } = await h.pair();
      const model = `it's "odd"; drop table users; -- ${h.id('m')} \\`;
      await h.store().memories.ensureVectorIndex(model, 2);
      const m = await h.insertMemory(user.id, pet.id, {}, { model, vector: [1, 0] });
      const hits = await h.store().memories.searchDense({
        userId: user.id,
        petId: pet.id,
        now: T0,
        k: 1,
        embedding: { model, vector: [1, 0] },
      });
      expect(hits.map((s) => s.memory.id)).toEqual([m.id]);
      expect(await h.store().users.get(user.id)).not.toBeNull();
      await expect(h.store().memories.ensureVectorIndex('bad\u0000model', 2)).rejects.toThrow();
      await expect(h.store().memories.ensureVectorIndex(model, 2001)).rejects.toThrow(/2000/);
    });

    it('still returns k rows when most indexed vectors belong to other users', async () => {
      const model = `filtered-${h.id('m')}`;
      const dims = 16;
      await h.store().memories.ensureVectorIndex(model, dims);
      const crowd = await h.pair();
      const crowdRows = Array.from({ length: 400 }, (_, i) => ({
        memory: h.memory(crowd.user.id, crowd.pet.id, { text: `crowd ${i}` }),
        embedding: { model, vector: seeded(i + 10, dims) },
      }));
      await h.store().memories.insert(crowdRows);
      const { user, pet } = await h.pair();
      const mine = Array.from({ length: 6 }, (_, i) => ({
        memory: h.memory(user.id, pet.id, { text: `mine ${i}` }),
        embedding: { model, vector: seeded(1000 + i, dims) },
      }));
      await h.store().memories.insert(mine);
      const q = {
        userId: user.id,
        petId: pet.id,
        now: T0,
        k: 5,
        embedding: { model, vector: seeded(3, dims) },
      };
      const approx = await h.store().memories.searchDense(q);
      const exact = await h.store().memories.searchDenseExact(q);
      expect(exact).toHaveLength(5);
      expect(approx.map((s) => s.memory.id)).toEqual(exact.map((s) => s.memory.id));

      // With so few rows the planner may prefer the btree and an exact sort; force the HNSW path to check
      // that the store's settings still fill k rows when the index mostly returns other users' vectors.
      if (h.probe.sql) await expectIndexScansFillK(h.store(), q, exact);
      for (const [i, hit] of approx.entries()) expect(hit.score).toBeCloseTo(exact[i]!.score, 5);
    });
  });

  describe('lexical search', () => {
    /** The pair's lexical search for `query`, top 5 (more than any of these tests sets up). */
    const lexical = (userId: string, petId: string, query: string, now = T0) =>
      h.store().memories.searchLexical({ userId, petId, now, k: 5, query });

    it('finds English words and ranks the better match first', async () => {
      const { user, pet } = await h.pair();
      const both = await h.insertMemory(user.id, pet.id, {
        text: 'Went hiking in the Alps with her sister.',
      });
      const one = await h.insertMemory(user.id, pet.id, { text: 'Her sister is a nurse.' });
      await h.insertMemory(user.id, pet.id, { text: 'Loves jazz records.' });
      const hits = await lexical(user.id, pet.id, 'Hiking with my SISTER?');
      expect(hits.map((s) => s.memory.id)).toEqual([both.id, one.id]);
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    });

    it('finds Chinese words inside unspaced text', async () => {
      const { user, pet } = await h.pair();
      const apples = await h.insertMemory(user.id, pet.id, { text: '我最喜欢吃苹果，每天都吃。' });
      await h.insertMemory(user.id, pet.id, { text: '周末去爬山了' });
      const hits = await lexical(user.id, pet.id, '苹果好吃吗');
      expect(hits.map((s) => s.memory.id)).toEqual([apples.id]);
    });

    it('treats tsquery operators in the query as plain text', async () => {
      const { user, pet } = await h.pair();
      const m = await h.insertMemory(user.id, pet.id, { text: 'plays chess on sundays' });
      for (const query of ["chess & !(x | 'y'):*", 'chess\\', "chess <-> ' ''"]) {
        const hits = await lexical(user.id, pet.id, query);
        expect(hits.map((s) => s.memory.id)).toEqual([m.id]);
      }
      expect(await lexical(user.id, pet.id, ' !&| ')).toEqual([]);
    });

    it('scores by BM25: IDF from the pair, saturating term frequency, length normalisation', async () => {
      const { user, pet } = await h.pair();
      const a = await h.insertMemory(user.id, pet.id, { text: 'violin lessons on Sunday' });
      const b = await h.insertMemory(user.id, pet.id, { text: 'violin, violin: concert!' });
      await h.insertMemory(user.id, pet.id, { text: 'jazz records' });
      const hits = await lexical(user.id, pet.id, 'Violin concert');
      // N = 3 memories of 4 + 3 + 2 words; "violin" is in 2 of them, "concert" in 1.
      const avgdl = 3;
      const violin = bm25Idf(3, 2);
      const expectedB = bm25Term(violin, 2, 3, avgdl) + bm25Term(bm25Idf(3, 1), 1, 3, avgdl);
      expect(hits.map((x) => x.memory.id)).toEqual([b.id, a.id]);
      expect(hits[0]!.score).toBeCloseTo(expectedB, 9);
      expect(hits[1]!.score).toBeCloseTo(bm25Term(violin, 1, 4, avgdl), 9);
    });

    it('ranks a rare word over a common one', async () => {
      const { user, pet } = await h.pair();
      for (let i = 0; i < 6; i++) {
        await h.insertMemory(user.id, pet.id, { text: `drank coffee with friend number ${i}` });
      }
      const rare = await h.insertMemory(user.id, pet.id, { text: 'saw a zebra' });
      // Same length and more recent: an unweighted ranking would put this one first.
      const common = await h.insertMemory(user.id, pet.id, { text: 'got a coffee', occurredAt: at(days(1)) });
      const hits = await h.store().memories.searchLexical({
        userId: user.id,
        petId: pet.id,
        now: at(days(2)),
        k: 2,
        query: 'coffee zebra',
      });
      expect(hits.map((x) => x.memory.id)).toEqual([rare.id, common.id]);
      expect(hits[0]!.score).toBeGreaterThan(2 * hits[1]!.score);
    });

    it('ignores stop words: they never match, and a query of stop words only finds nothing', async () => {
      const { user, pet } = await h.pair();
      await h.insertMemory(user.id, pet.id, { text: 'the cat and the dog and the bird of the house' });
      const violin = await h.insertMemory(user.id, pet.id, { text: 'Violin practice' });
      const hits = await lexical(user.id, pet.id, 'The violin and the');
      expect(hits.map((x) => x.memory.id)).toEqual([violin.id]);
      expect(await lexical(user.id, pet.id, 'the and of THE')).toEqual([]);
      expect(await lexical(user.id, pet.id, '我们的 是 了')).toEqual([]);
    });

    it("counts the query's stop words in the score of a memory that matches a content word", async () => {
      const { user, pet } = await h.pair();
      const sharing = await h.insertMemory(user.id, pet.id, { text: 'violin practice is fun' });
      const newer = await h.insertMemory(user.id, pet.id, {
        text: 'violin practice was long',
        occurredAt: at(days(1)),
      });
      await h.insertMemory(user.id, pet.id, { text: 'is it over' });
      const hits = await lexical(user.id, pet.id, 'Is violin practice over?', at(days(2)));
      expect(hits.map((x) => x.memory.id)).toEqual([sharing.id, newer.id]);
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    });

    it('saturates term frequency: repeating a word does not beat matching another one', async () => {
      const { user, pet } = await h.pair();
      const repeated = await h.insertMemory(user.id, pet.id, {
        text: 'tea tea tea tea tea tea tea tea',
        occurredAt: at(days(1)),
      });
      const both = await h.insertMemory(user.id, pet.id, {
        text: 'tea jasmine cup pot saucer leaf brew kettle',
      });
      await h.insertMemory(user.id, pet.id, { text: 'went for a run in the park' });
      const hits = await lexical(user.id, pet.id, 'tea jasmine', at(days(2)));
      expect(hits.map((x) => x.memory.id)).toEqual([both.id, repeated.id]);
      // Eight occurrences weigh less than k1 + 1 = 2.2 times one occurrence in a memory of the same length
      // (3 memories of 8 + 8 + 7 words).
      const once = bm25Term(bm25Idf(3, 2), 1, 8, 23 / 3);
      expect(hits[1]!.score).toBeCloseTo(bm25Term(bm25Idf(3, 2), 8, 8, 23 / 3), 9);
      expect(hits[1]!.score).toBeLessThan(2.2 * once);
    });

    it('normalises by length: the shorter memory with the same words ranks first', async () => {
      const { user, pet } = await h.pair();
      const short = await h.insertMemory(user.id, pet.id, { text: 'violin lessons' });
      const long = await h.insertMemory(user.id, pet.id, {
        text: 'violin lessons every week with a teacher who also plays piano cello and flute at the town hall',
        occurredAt: at(days(1)),
      });
      const hits = await lexical(user.id, pet.id, 'violin lessons', at(days(2)));
      expect(hits.map((x) => x.memory.id)).toEqual([short.id, long.id]);
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    });

    it("matches a name without its possessive ending ('s)", async () => {
      const { user, pet } = await h.pair();
      const m = await h.insertMemory(user.id, pet.id, { text: "Mia's birthday is in May; the user’s gift" });
      const hits = await lexical(user.id, pet.id, 'When is Mia’s birthday? Any gift ideas for the user?');
      expect(hits.map((x) => x.memory.id)).toEqual([m.id]);
    });

    it('keeps the pair statistics with every write: more memories raise a word’s IDF, removals lower it', async () => {
      const { user, pet } = await h.pair();
      const zebra = await h.insertMemory(user.id, pet.id, { text: 'saw a zebra' });
      const stranger = await h.pair();
      await h.insertMemory(stranger.user.id, stranger.pet.id, { text: 'another zebra' });
      const score = async () => {
        const [hit] = await h.store().memories.searchLexical({
          userId: user.id,
          petId: pet.id,
          now: T0,
          k: 1,
          query: 'zebra',
        });
        expect(hit?.memory.id).toBe(zebra.id);
        return hit!.score;
      };
      const alone = await score();
      expect(alone).toBeCloseTo(bm25Term(bm25Idf(1, 1), 1, 3, 3), 9);
      const others = [];
      for (const text of ['ate an apple', 'ate a pear', 'ate a plum']) {
        others.push(await h.insertMemory(user.id, pet.id, { text }));
      }
      expect(await score()).toBeCloseTo(bm25Term(bm25Idf(4, 1), 1, 3, 3), 9);
      await h.store().memories.supersede(user.id, others[0]!.id, others[1]!.id, T0);
      expect(await score()).toBeCloseTo(bm25Term(bm25Idf(3, 1), 1, 3, 3), 9);
      await h.store().memories.update(user.id, others[1]!.id, { text: 'ate a ripe pear today' });
      expect(await score()).toBeCloseTo(bm25Term(bm25Idf(3, 1), 1, 3, 11 / 3), 9);
      await h.store().memories.deleteOne(user.id, others[1]!.id);
      await h.store().memories.deleteOne(user.id, others[2]!.id);
      expect(await score()).toBeCloseTo(alone, 9);
    });

    it('excludes other owners and inactive memories', async () => {
      const { user, pet } = await h.pair();
      const stranger = await h.pair();
      await h.insertMemory(stranger.user.id, stranger.pet.id, { text: 'violin lessons' });
      await h.insertMemory(user.id, pet.id, { text: 'violin lessons', supersededAt: T0 });
      const expiring = await h.insertMemory(user.id, pet.id, {
        text: 'violin recital',
        expiresAt: at(days(1)),
      });
      expect((await lexical(user.id, pet.id, 'violin')).map((s) => s.memory.id)).toEqual([expiring.id]);
      expect(await lexical(user.id, pet.id, 'violin', at(days(2)))).toEqual([]);
    });
  });
}
