import { sql } from 'drizzle-orm';
import type { MemoryQuery, ScoredMemory, Store, StoredEmbedding } from '../../src/core/ports/index.ts';
import type { Engine } from '../../src/store/engine.ts';
import { applyDenseSettings, type DenseSearchOptions, denseQuery } from '../../src/store/memory-search.ts';

export type DenseQuery = MemoryQuery & { embedding: StoredEmbedding };

/** One way of answering the pair's dense query, timed per call. */
export interface SearchPath {
  name: string;
  search(q: DenseQuery): Promise<string[]>;
  /** The plan's access path, from EXPLAIN with the same settings. */
  explain(q: DenseQuery): Promise<string>;
}

const ids = (hits: ScoredMemory[]) => hits.map((h) => h.memory.id);

/** Planner settings that leave one access path (SET LOCAL, this transaction only). */
const FORCE = {
  none: [],
  // The contract tests' recipe: the btree path needs a sort, the HNSW path none.
  hnsw: ['enable_seqscan = off', 'enable_bitmapscan = off', 'enable_sort = off'],
  // No index scans at all: the HNSW index cannot be used, the btree only through a bitmap scan.
  btree: ['enable_indexscan = off', 'enable_seqscan = off'],
} as const;

export function searchPaths(store: Store, engine: Engine, options: DenseSearchOptions): SearchPath[] {
  const explain = (force: keyof typeof FORCE) => (q: DenseQuery) => explainDense(engine, q, options, force);
  const forced = (force: keyof typeof FORCE) => async (q: DenseQuery) =>
    engine.db.transaction(async (tx) => {
      for (const setting of FORCE[force]) await tx.execute(sql.raw(`set local ${setting}`));
      await applyDenseSettings(tx, options, q.k);
      return (await denseQuery(tx, q)).map((row) => row.id);
    });
  return [
    {
      name: 'store default (planner)',
      search: async (q) => ids(await store.memories.searchDense(q)),
      explain: explain('none'),
    },
    { name: 'forced HNSW', search: forced('hnsw'), explain: explain('hnsw') },
    { name: 'forced btree + sort', search: forced('btree'), explain: explain('btree') },
    {
      name: 'exact (searchDenseExact)',
      search: async (q) => ids(await store.memories.searchDenseExact(q)),
      explain: async () => 'scan of the pair + sort (by definition)',
    },
  ];
}

/** The access path of the store's dense query under the given settings, as a short label. */
export async function explainDense(
  engine: Engine,
  q: DenseQuery,
  options: DenseSearchOptions,
  force: keyof typeof FORCE,
): Promise<string> {
  const query = denseQuery(engine.db, q).toSQL();
  // EXPLAIN cannot take the statement's bind parameters: inline them (our own values, not user input).
  const literal = (p: unknown) =>
    typeof p === 'number' ? String(p) : `'${String(p).replaceAll("'", "''")}'`;
  const text = query.sql.replace(/\$(\d+)/g, (_, n: string) => literal(query.params[Number(n) - 1]));
  const plan = await engine.db.transaction(async (tx) => {
    for (const setting of FORCE[force]) await tx.execute(sql.raw(`set local ${setting}`));
    await applyDenseSettings(tx, options, q.k);
    const result = (await tx.execute(sql.raw(`explain ${text}`))) as unknown as {
      rows: Array<Record<string, string>>;
    };
    return result.rows.map((row) => Object.values(row).join(' ')).join('\n');
  });
  return planLabel(plan);
}

export function planLabel(plan: string): string {
  if (/memories_embedding_\w+/.test(plan)) return 'HNSW index scan';
  const btree =
    /(Bitmap Index Scan|Index Scan|Index Only Scan)(?: Backward)? (?:using|on) memories_pair_idx/.exec(plan);
  if (btree) return `btree (${btree[1]} on memories_pair_idx) + sort`;
  if (/Seq Scan/.test(plan)) return 'sequential scan + sort';
  return plan.split('\n')[0] ?? 'unknown';
}
