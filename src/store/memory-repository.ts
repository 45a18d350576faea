import { and, asc, count, eq, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { MemoryRepository, StoredEmbedding } from '../core/index.ts';
import { ConflictError, NotFoundError, searchWords } from '../core/index.ts';
import { type Db, isForeignKeyViolation, isUniqueViolation } from './db.ts';
import { activeAt, memoryColumns, toMemory } from './memory-rows.ts';
import {
  type DenseSearchOptions,
  dueMemories,
  recentMemories,
  searchDense,
  searchDenseExact,
  searchLexical,
} from './memory-search.ts';
import { memories } from './schema.ts';
import type { StatisticsKeeper } from './statistics.ts';
import { checkDimensions, checkModel, createVectorIndexSql, vectorIndexName } from './vector-sql.ts';

/** Locks index creation across processes (CREATE INDEX IF NOT EXISTS races with itself). */
const VECTOR_INDEX_LOCK_KEY = '7305510362184420';

/**
 * Rows per INSERT statement: a statement takes at most 65,535 parameters and a memory row has 16, so a large
 * import is split (in one transaction: all or nothing).
 */
const INSERT_CHUNK_ROWS = 1_000;

const searchText = (text: string) => searchWords(text).join(' ');

function embeddingColumns(embedding: StoredEmbedding | null) {
  if (!embedding) return { embedding: null, embeddingModel: null, embeddingDim: null };
  return {
    embedding: embedding.vector,
    embeddingModel: checkModel(embedding.model),
    embeddingDim: checkDimensions(embedding.vector.length),
  };
}

export function createMemoryRepository(
  db: Db,
  search: DenseSearchOptions,
  statistics?: Pick<StatisticsKeeper, 'noteWrites' | 'schedule'>,
): MemoryRepository {
  const ensuredIndexes = new Set<string>();
  // Planner statistics follow the writes (in the background, see statistics.ts).
  const wrote = (rows: number) => statistics?.noteWrites('memories', rows);

  return {
    async insert(items) {
      if (items.length === 0) return;
      const rows = items.map(({ memory, embedding }) => ({
        ...memory,
        searchText: searchText(memory.text),
        ...embeddingColumns(embedding),
      }));
      try {
        if (rows.length <= INSERT_CHUNK_ROWS) await db.insert(memories).values(rows);
        else {
          await db.transaction(async (tx) => {
            for (let i = 0; i < rows.length; i += INSERT_CHUNK_ROWS) {
              await tx.insert(memories).values(rows.slice(i, i + INSERT_CHUNK_ROWS));
            }
          });
        }
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError('a memory with this id already exists');
        if (isForeignKeyViolation(error)) throw new NotFoundError('pet or session', items[0]!.memory.petId);
        throw error;
      }
      wrote(rows.length);
    },

    async get(userId, id) {
      const [row] = await db
        .select(memoryColumns)
        .from(memories)
        .where(and(eq(memories.id, id), eq(memories.userId, userId)));
      return row ? toMemory(row) : null;
    },

    async list(filter) {
      if (filter.categories?.length === 0) return [];
      const rows = await db
        .select(memoryColumns)
        .from(memories)
        .where(
          and(
            eq(memories.userId, filter.userId),
            filter.petId === undefined ? undefined : eq(memories.petId, filter.petId),
            filter.includeInactive ? undefined : activeAt(filter.now),
            filter.categories ? inArray(memories.category, filter.categories) : undefined,
            filter.subject ? eq(memories.subject, filter.subject) : undefined,
          ),
        )
        .orderBy(asc(memories.occurredAt), asc(memories.createdAt), asc(memories.id));
      return rows.map(toMemory);
    },

    async update(userId, id, patch) {
      const set: Partial<typeof memories.$inferInsert> = {};
      if (patch.text !== undefined) {
        set.text = patch.text;
        set.searchText = searchText(patch.text);
        // A vector of the old text would be wrong: drop it unless a new one comes with the patch.
        if (patch.embedding === undefined) Object.assign(set, embeddingColumns(null));
      }
      if (patch.occurredAt !== undefined) set.occurredAt = patch.occurredAt;
      if (patch.expiresAt !== undefined) set.expiresAt = patch.expiresAt;
      if (patch.embedding !== undefined) Object.assign(set, embeddingColumns(patch.embedding));
      if (Object.keys(set).length === 0) return;
      await db
        .update(memories)
        .set(set)
        .where(and(eq(memories.id, id), eq(memories.userId, userId)));
      wrote(1);
    },

    async supersede(userId, id, byId, at) {
      await db
        .update(memories)
        .set({ supersededAt: at, supersededById: byId })
        .where(and(eq(memories.id, id), eq(memories.userId, userId)));
      wrote(1);
    },

    async deleteOne(userId, id) {
      const rows = await db
        .delete(memories)
        .where(and(eq(memories.id, id), eq(memories.userId, userId)))
        .returning({ id: memories.id });
      wrote(rows.length);
      return rows.length > 0;
    },

    async deleteAll(userId, petId) {
      const rows = await db
        .delete(memories)
        .where(and(eq(memories.userId, userId), petId === undefined ? undefined : eq(memories.petId, petId)))
        .returning({ id: memories.id });
      wrote(rows.length);
      return rows.length;
    },

    async sweepExpired(now) {
      const rows = await db
        .delete(memories)
        .where(lte(memories.expiresAt, now))
        .returning({ id: memories.id });
      wrote(rows.length);
      return rows.length;
    },

    async ensureVectorIndex(model, dimensions) {
      const statement = createVectorIndexSql(model, dimensions);
      const key = `${model}\u0000${dimensions}`;
      if (ensuredIndexes.has(key)) return;
      const built = await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${VECTOR_INDEX_LOCK_KEY}::bigint)`);
        const name = vectorIndexName(model, dimensions);
        const found = await tx.execute(sql`select to_regclass(${`"${name}"`}) is not null as "exists"`);
        const exists = (found as unknown as { rows: Array<{ exists: boolean }> }).rows[0]?.exists === true;
        if (!exists) await tx.execute(statement);
        return !exists;
      });
      ensuredIndexes.add(key);
      // A new index over rows loaded without statistics: the planner needs them to choose it.
      if (built) statistics?.schedule(['memories']);
    },

    searchDense: (q) => searchDense(db, q, search),
    searchDenseExact: (q) => searchDenseExact(db, q),
    searchLexical: (q) => searchLexical(db, q),
    recent: (q) => recentMemories(db, q),
    due: (q) => dueMemories(db, q),

    async needingEmbedding(model, limit) {
      const rows = await db
        .select(memoryColumns)
        .from(memories)
        .where(or(isNull(memories.embeddingModel), ne(memories.embeddingModel, model)))
        .orderBy(asc(memories.createdAt), asc(memories.id))
        .limit(Math.max(0, Math.floor(limit)));
      return rows.map(toMemory);
    },

    async countNeedingEmbedding(model) {
      const [row] = await db
        .select({ n: count() })
        .from(memories)
        .where(or(isNull(memories.embeddingModel), ne(memories.embeddingModel, model)));
      return row?.n ?? 0;
    },

    async setEmbedding(id, embedding) {
      await db.update(memories).set(embeddingColumns(embedding)).where(eq(memories.id, id));
      wrote(1);
    },
  };
}
