import { and, desc, eq, gte, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Memory, MemoryQuery, MemoryWindow, ScoredMemory, StoredEmbedding } from '../core/index.ts';
import { queryTerms } from '../core/index.ts';
import { BM25_B, BM25_K1, BM25_K1_PLUS_1, BM25_ONE_MINUS_B, BM25_ROUND } from './bm25.ts';
import { toVectorLiteral } from './columns.ts';
import type { Db } from './db.ts';
import { memoryColumns, scope, toMemory } from './memory-rows.ts';
import { memories, memorySearchStats } from './schema.ts';
import { SESSION_EF_SEARCH } from './session-settings.ts';
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
  // The session's own settings cover it (see session-settings.ts): one statement, no transaction.
  const rows =
    q.k <= SESSION_EF_SEARCH && options.efSearch <= SESSION_EF_SEARCH
      ? await denseQuery(db, q)
      : await db.transaction(async (tx) => {
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
 * The lexical query's terms, at most MAX_QUERY_WORDS: its content words first, then its stop words
 * (`queryTerms`); `content` says how many of them are content words.
 */
export function lexicalTerms(query: string): { terms: string[]; content: number } {
  const { content, stop } = queryTerms(query);
  const terms = [...content, ...stop].slice(0, MAX_QUERY_WORDS);
  return { terms, content: Math.min(content.length, terms.length) };
}

/**
 * The BM25 ranking of the pair's memories for `terms` (see bm25.ts), best first, at most `k`, as a
 * `ranked(ranked_id, ranked_score)` CTE. Candidates come through the GIN index on the content terms (each a
 * bound `plainto_tsquery`, ORed, so user text never becomes tsquery syntax); term frequency and length are
 * then counted exactly over the stored search words, for content and stop words alike, and a candidate
 * without an exact content word is dropped. N and avgdl come from memory_search_stats, df from the candidates
 * in scope (for a stop word: among the memories that match a content word). Scores are rounded to 1e-12 so
 * that equal memories tie whatever order their terms were summed in (ties go to the more recent one).
 * Exported so tests and benchmarks can EXPLAIN it.
 */
export function lexicalRanking(q: MemoryQuery, terms: string[], content: number) {
  const termArray = sql`array[${sql.join(
    terms.map((t) => sql`${t}`),
    sql`, `,
  )}]::text[]`;
  const tsquery = sql.join(
    terms.slice(0, content).map((t) => sql`plainto_tsquery('simple', ${t})`),
    sql` || `,
  );
  const [k1, k1Plus1, oneMinusB, b, ROUND] = [
    BM25_K1,
    BM25_K1_PLUS_1,
    BM25_ONE_MINUS_B,
    BM25_B,
    BM25_ROUND,
  ].map((x) => sql.raw(String(x)));
  return sql`with terms as (
      select t, i, i <= ${content} as content from unnest(${termArray}) with ordinality as q(t, i)
    ),
    candidates as materialized (
      select ${memories.id} as id, ${memories.occurredAt} as occurred_at,
        string_to_array(${memories.searchText}, ' ') as words
      from ${memories}
      where ${scope(q)} and ${memories.searchVector} @@ (${tsquery})
    ),
    hits as materialized (
      select c.id, c.occurred_at, cardinality(c.words)::float8 as dl, terms.t,
        cardinality(array_positions(c.words, terms.t))::float8 as tf
      from candidates as c cross join terms
      where terms.t = any(c.words)
    ),
    df as (select t, count(*)::float8 as df from hits group by t),
    stats as (
      select coalesce(max(s.docs), 0)::float8 as docs,
        coalesce(max(case when s.docs > 0 and s.words > 0 then s.words::float8 / s.docs end), 1) as avgdl
      from ${memorySearchStats} as s where s.user_id = ${q.userId} and s.pet_id = ${q.petId}
    ),
    idf as (
      select df.t, terms.content, ln(1 + (greatest(stats.docs, df.df) - df.df + 0.5) / (df.df + 0.5)) as idf
      from df join terms using (t) cross join stats
    )
    select h.id as ranked_id, round(sum(
        (idf.idf * h.tf * ${k1Plus1}) / (h.tf + ${k1} * (${oneMinusB} + ${b} * h.dl / stats.avgdl))
      ) * ${ROUND}) / ${ROUND} as ranked_score
    from hits as h join idf using (t) cross join stats
    group by h.id, h.occurred_at
    having bool_or(idf.content)
    order by ranked_score desc, h.occurred_at desc, h.id
    limit ${q.k}`;
}

/**
 * The ids of a window's memories (see `MemoryWindow`): the pair's in scope that happened in [from, to), of
 * the subject when given, at most `k`, spread over the window's days - row_number per 24-hour slice from
 * `from`, so each day's earliest come first, then each day's second...
 */
function windowIds(q: MemoryQuery, during: MemoryWindow): SQL {
  const from = sql`${during.from.toISOString()}::timestamptz`;
  return sql`select w.id from (
      select ${memories.id} as id, ${memories.occurredAt} as occurred_at, row_number() over (
        partition by floor(extract(epoch from (${memories.occurredAt} - ${from})) / 86400)
        order by ${memories.occurredAt}, ${memories.id}
      ) as n
      from ${memories}
      where ${and(
        scope(q),
        during.subject ? eq(memories.subject, during.subject) : undefined,
        sql`${memories.occurredAt} >= ${from}`,
        sql`${memories.occurredAt} < ${during.to.toISOString()}::timestamptz`,
      )}
    ) as w
    order by w.n, w.occurred_at, w.id
    limit ${during.k}`;
}

/**
 * Full-text search ranked by BM25 over the query's search words: a memory must contain a content word; stop
 * words only add to its score (a query of stop words only finds nothing). Chinese is segmented into words
 * like the stored text. With `during`, the window's memories come in the same statement (score 0 unless
 * the query matched them too), after the matches.
 */
export async function searchLexical(
  db: Db,
  q: MemoryQuery & { query: string; during?: MemoryWindow },
): Promise<ScoredMemory[]> {
  const { terms, content } = lexicalTerms(q.query);
  const during = q.during && q.during.k > 0 ? q.during : undefined;
  const ranking = content > 0 && q.k > 0;
  if (!ranking && !during) return [];
  if (!ranking && during) {
    const rows = await db
      .select({ ...memoryColumns, score: sql<number>`0`.mapWith(Number) })
      .from(memories)
      .where(sql`${memories.id} in (${windowIds(q, during)})`)
      .orderBy(desc(memories.occurredAt), memories.id);
    return rows.map((row) => ({ memory: toMemory(row), score: row.score }));
  }
  const ranked = db
    .$with('ranked', {
      id: sql<string>`ranked_id`.as('ranked_id'),
      score: sql<number>`ranked_score`.mapWith(Number).as('ranked_score'),
    })
    .as(lexicalRanking(q, terms, content));
  if (!during) {
    const rows = await db
      .with(ranked)
      .select({ ...memoryColumns, score: ranked.score })
      .from(ranked)
      .innerJoin(memories, eq(memories.id, ranked.id))
      .orderBy(desc(ranked.score), desc(memories.occurredAt), memories.id);
    return rows.map((row) => ({ memory: toMemory(row), score: row.score }));
  }
  const score = sql<number>`coalesce(${ranked.score}, 0)`.mapWith(Number);
  const rows = await db
    .with(ranked)
    .select({ ...memoryColumns, score })
    .from(memories)
    .leftJoin(ranked, eq(memories.id, ranked.id))
    .where(sql`${memories.id} in ((select ranked_id from ranked) union (${windowIds(q, during)}))`)
    .orderBy(desc(score), desc(memories.occurredAt), memories.id);
  return rows.map((row) => ({ memory: toMemory(row), score: row.score }));
}

/** The `k` most recent memories of the pair (by when they happened), newest first. */
export async function recentMemories(
  db: Db,
  q: MemoryQuery & { categories?: Memory['category'][]; subject?: Memory['subject'] },
): Promise<Memory[]> {
  if (q.k <= 0 || q.categories?.length === 0) return [];
  const rows = await db
    .select(memoryColumns)
    .from(memories)
    .where(
      and(
        scope(q),
        q.categories ? inArray(memories.category, q.categories) : undefined,
        q.subject ? eq(memories.subject, q.subject) : undefined,
      ),
    )
    .orderBy(desc(memories.occurredAt), desc(memories.createdAt), memories.id)
    .limit(q.k);
  return rows.map(toMemory);
}

export async function dueMemories(
  db: Db,
  q: MemoryQuery & { kinds: NonNullable<Memory['kind']>[]; from: string; to: string; undatedSince?: Date },
): Promise<Memory[]> {
  if (q.k <= 0 || q.kinds.length === 0) return [];
  const dated = and(gte(memories.dueOn, q.from), lte(memories.dueOn, q.to));
  const undated = q.undatedSince
    ? and(isNull(memories.dueOn), gte(memories.occurredAt, q.undatedSince))
    : undefined;
  const rows = await db
    .select(memoryColumns)
    .from(memories)
    .where(and(scope(q), inArray(memories.kind, q.kinds), undated ? or(dated, undated) : dated))
    .orderBy(sql`${memories.dueOn} asc nulls last`, desc(memories.occurredAt), memories.id)
    .limit(q.k);
  return rows.map(toMemory);
}
