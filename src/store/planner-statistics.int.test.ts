import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../core/index.ts';
import { openTestStore } from '../test/index.ts';
import { type Harness, T0, useHarness } from './contract/harness.ts';
import { sqlProbe } from './contract/probe.ts';
import { internalsOf } from './internals.ts';
import { denseQuery, lexicalRanking, lexicalTerms } from './memory-search.ts';
import { openStore } from './open-store.ts';
import { postgresTestDatabase } from './postgres-test-database.ts';
import { vectorIndexName } from './vector-sql.ts';

/**
 * The planner statistics the store keeps by itself (statistics.ts): after a bulk load of 10k memories of one
 * pair, with other pairs' and another model's rows beside them as in production, the dense query plans
 * through the model's HNSW index and the lexical search of a rare word through the GIN index - with the planner's own choice, no
 * `enable_*` setting and no ANALYZE run by the test. Without statistics the planner believes the pair holds a
 * few rows and takes the pair's btree with a sort, comparing every vector of the pair.
 */

const ROWS = 10_000;
const DIMS = 8;
const BATCH = 500;

/** Cheap deterministic vectors (no Math.random: a failure must reproduce). */
function seeded(seed: number): number[] {
  let x = (seed * 2_654_435_761) % 4_294_967_296;
  return Array.from({ length: DIMS }, () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648 - 0.5;
  });
}

/** EXPLAIN of a drizzle query with its parameters inlined (EXPLAIN takes no bind parameters). */
async function explain(store: Store, query: { sql: string; params: unknown[] }): Promise<string> {
  const literal = (p: unknown) =>
    typeof p === 'number' ? String(p) : `'${String(p).replaceAll("'", "''")}'`;
  const text = query.sql.replace(/\$(\d+)/g, (_, n: string) => literal(query.params[Number(n) - 1]));
  const rows = await internalsOf(store).engine.query<Record<string, string>>(`explain ${text}`);
  return rows.map((row) => Object.values(row).join(' ')).join('\n');
}

function plannerStatisticsSuite(name: string, open: () => Promise<Store>): void {
  describe(`planner statistics at 10k memories (${name})`, () => {
    const h: Harness = useHarness(open, sqlProbe);
    const model = 'plan-10k';
    let pair: { userId: string; petId: string };

    beforeAll(async () => {
      const { user, pet } = await h.pair();
      pair = { userId: user.id, petId: pet.id };
      const other = await h.pair();
      const load = async (
        owner: { userId: string; petId: string },
        count: number,
        embeddingModel: string,
        seed: number,
        batch: number,
      ) => {
        for (let offset = 0; offset < count; offset += batch) {
          const items = Array.from({ length: Math.min(batch, count - offset) }, (_, j) => {
            const i = offset + j;
            const text = i === 4_321 ? 'the zeppelin ride' : `memory ${i} about topic${i % 50}`;
            return {
              memory: h.memory(owner.userId, owner.petId, { text }),
              embedding: { model: embeddingModel, vector: seeded(seed + i) },
            };
          });
          await h.store().memories.insert(items);
        }
      };
      // The bulk paths: an import (one insert of every row) and a benchmark load (batches), then the indexes.
      await load(pair, ROWS, model, 1, ROWS);
      await load({ userId: other.user.id, petId: other.pet.id }, 1_000, model, 100_000, BATCH);
      await load(pair, 500, `${model}-old`, 200_000, BATCH);
      await h.store().memories.ensureVectorIndex(model, DIMS);
      await h.store().memories.ensureVectorIndex(`${model}-old`, DIMS);
      // The store's own background work (debounced after the writes); the test runs no ANALYZE.
      await internalsOf(h.store()).statistics.settled();
    }, 120_000);

    it('plans the dense query of a 10k pair through the HNSW index', async () => {
      const q = { ...pair, now: T0, k: 20, embedding: { model, vector: seeded(7) } };
      const plan = await explain(h.store(), denseQuery(internalsOf(h.store()).engine.db, q).toSQL());
      expect(plan).toContain(vectorIndexName(model, DIMS));
    });

    it('plans the lexical search of a rare word in a 10k pair through the GIN index', async () => {
      const { terms, content } = lexicalTerms('zeppelin');
      const query = new PgDialect().sqlToQuery(lexicalRanking({ ...pair, now: T0, k: 20 }, terms, content));
      expect(await explain(h.store(), query)).toContain('memories_search_idx');
    });
  });
}

plannerStatisticsSuite('pglite', openTestStore);

const adminUrl = process.env.IPET_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
describe.skipIf(process.env.IPET_SKIP_POSTGRES === '1')('postgres', () => {
  const database = postgresTestDatabase(adminUrl);
  afterAll(() => database.drop());
  plannerStatisticsSuite('postgres', async () =>
    openStore({ kind: 'postgres', url: await database.create() }),
  );
});
