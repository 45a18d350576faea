import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Memory, MemoryQuery, ScoredMemory, StoredEmbedding } from '../core/index.ts';
import { segmentWords } from '../core/index.ts';
import { toVectorLiteral } from './columns.ts';
import type { Db } from './db.ts';
import { memoryColumns, scope, toMemory } from './memory-rows.ts';
import { memories } from './schema.ts';
import { castEmbedding, checkDimensions, checkModel, modelPredicate } from './vector-sql.ts';

export interface DenseSearchOptions {
  /** pgvector >= 0.8: keep scanning the HNSW graph until `k` rows pass the filters. */
  iterativeScan: boolean;
  /** Candidate list size of HNSW scans (pgvector's default is 40). */
  efSearch: number;
}

/** Most query words taken into a lexical search. */
const MAX_QUERY_WORDS = 32;

type DenseQuery = MemoryQuery & { embedding: StoredEmbedding };

function byScore(a: ScoredMemory, b: ScoredMemory): number {
  return b.score - a.score || a.memory.id.localeCompare(b.memory.id);
}

function queryVector(q: DenseQuery): { dimensions: number; literal: string } {
  checkModel(q.embedding.model);
  const dimensions = checkDimensions(q.embedding.vector.length);
  return { dimensions, literal: toVectorLiteral(q.embedding.vector) };
}

/** Rows of the query's model only; the dimension check keeps a mis-sized row from failing the cast. */
function denseFilter(q: DenseQuery, dimensions: number): SQL {
  return and(modelPredicate(q.embedding.model), eq(memories.embeddingDim, dimensions), scope(q))!;
}

/** The dense query itself (exported so tests can EXPLAIN it): same expression and predicate as the index. */
export function denseQuery(db: Db, q: DenseQuery) {
  const { dimensions, literal } = queryVector(q);
  const distance = sql<number>`${castEmbedding(dimensions)} <=> ${literal}::vector(${sql.raw(String(dimensions))})`;
  return db
    .select({ ...memoryColumns, distance: distance.mapWith(Number) })
    .from(memories)
    .where(denseFilter(q, dimensions))
    .orderBy(distance)
    .limit(q.k);
}

/** Transaction-local HNSW settings (`SET LOCAL`): a larger candidate list and, when supported, iterative scans. */
export async function applyDenseSettings(tx: Db, options: DenseSearchOptions, k: number): Promise<void> {
  const efSearch = String(Math.min(1000, Math.max(options.efSearch, k)));
  await tx.execute(sql`select set_config('hnsw.ef_search', ${efSearch}, true)`);
  if (options.iterativeScan) {
    await tx.execute(sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true)`);
  }
}

/** Approximate search through the model's HNSW index. */
export async function searchDense(
  db: Db,
  q: DenseQuery,
  options: DenseSearchOptions,
): Promise<ScoredMemory[]> {
  if (q.k <= 0) return [];
  const rows = await db.transaction(async (tx) => {
    await applyDenseSettings(tx, options, q.k);
    return denseQuery(tx, q);
  });
  // relaxed_order may return rows slightly out of order: sort them here.
  return rows.map((row) => ({ memory: toMemory(row), score: 1 - row.distance })).sort(byScore);
}

/**
 * Exact search for recall measurements: orders by the distance on the uncast column, which no index
 * matches, so every candidate row is compared.
 */
export async function searchDenseExact(db: Db, q: DenseQuery): Promise<ScoredMemory[]> {
  if (q.k <= 0) return [];
  const { dimensions, literal } = queryVector(q);
  const distance = sql<number>`${memories.embedding} <=> ${literal}::vector`;
  const rows = await db
    .select({ ...memoryColumns, distance: distance.mapWith(Number) })
    .from(memories)
    .where(denseFilter(q, dimensions))
    .orderBy(distance, memories.id)
    .limit(q.k);
  return rows.map((row) => ({ memory: toMemory(row), score: 1 - row.distance }));
}

/**
 * Full-text search: the query is segmented like the stored text and each word becomes its own
 * `plainto_tsquery` (a bound parameter, so user text never becomes tsquery syntax); the words are ORed and
 * matches ranked with ts_rank_cd.
 */
export async function searchLexical(db: Db, q: MemoryQuery & { query: string }): Promise<ScoredMemory[]> {
  const words = [...new Set(segmentWords(q.query))].slice(0, MAX_QUERY_WORDS);
  if (words.length === 0 || q.k <= 0) return [];
  const tsquery = sql.join(
    words.map((word) => sql`plainto_tsquery('simple', ${word})`),
    sql` || `,
  );
  const rank = sql<number>`ts_rank_cd(${memories.searchVector}, (${tsquery}))`;
  const rows = await db
    .select({ ...memoryColumns, rank: rank.mapWith(Number) })
    .from(memories)
    .where(and(scope(q), sql`${memories.searchVector} @@ (${tsquery})`))
    .orderBy(desc(rank), desc(memories.occurredAt), memories.id)
    .limit(q.k);
  return rows.map((row) => ({ memory: toMemory(row), score: row.rank }));
}

/** The `k` most recent memories of the pair (by when they happened), newest first. */
export async function recentMemories(
  db: Db,
  q: MemoryQuery & { categories?: Memory['category'][] },
): Promise<Memory[]> {
  if (q.k <= 0 || q.categories?.length === 0) return [];
  const rows = await db
    .select(memoryColumns)
    .from(memories)
    .where(and(scope(q), q.categories ? inArray(memories.category, q.categories) : undefined))
    .orderBy(desc(memories.occurredAt), desc(memories.createdAt), memories.id)
    .limit(q.k);
  return rows.map(toMemory);
}
