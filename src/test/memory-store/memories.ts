import type {
  Memory,
  MemoryCategory,
  MemoryQuery,
  MemoryRepository,
  MemoryWindow,
  ScoredMemory,
  StoredEmbedding,
} from '../../core/index.ts';
import { ConflictError, MEMORY_CATEGORIES, NotFoundError, searchWords } from '../../core/index.ts';
import {
  bm25AverageLength,
  bm25Idf,
  bm25Sum,
  bm25Term,
  checkDimensions,
  checkModel,
  lexicalTerms,
  MAX_INDEXED_DIMENSIONS,
  toVectorLiteral,
} from '../../store/index.ts';
import {
  byText,
  constraintError,
  copy,
  dropMemory,
  type MemoryRow,
  sorted,
  type Tables,
  time,
} from './tables.ts';

/** Validates a vector as the SQL store does and keeps it in single precision, like pgvector's `vector`. */
function storedEmbedding(embedding: StoredEmbedding | null): StoredEmbedding | null {
  if (!embedding) return null;
  checkModel(embedding.model);
  checkDimensions(embedding.vector.length);
  toVectorLiteral(embedding.vector);
  return { model: embedding.model, vector: embedding.vector.map(Math.fround) };
}

const isActive = (m: Memory, now: Date) =>
  m.supersededAt === null && (m.expiresAt === null || time(m.expiresAt) > time(now));

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [i, x] of a.entries()) {
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return dot / Math.sqrt(na * nb);
}

const byScore = (a: ScoredMemory, b: ScoredMemory) => b.score - a.score || byText(a.memory.id, b.memory.id);

export function memoryRepository(t: Tables): MemoryRepository {
  const rows = () => [...t.memories.values()];
  const scope = (q: MemoryQuery) =>
    rows().filter(
      (r) =>
        r.memory.userId === q.userId &&
        r.memory.petId === q.petId &&
        (q.includeInactive || isActive(r.memory, q.now)),
    );
  const needing = (model: string) => rows().filter((r) => r.memory.embeddingModel !== model);

  /** Cosine search over the rows of the query's model and dimension; exact, so both searches share it. */
  async function dense(q: MemoryQuery & { embedding: StoredEmbedding }): Promise<ScoredMemory[]> {
    if (q.k <= 0) return [];
    checkModel(q.embedding.model);
    const dimensions = checkDimensions(q.embedding.vector.length);
    const query = q.embedding.vector.map(Math.fround);
    const hits = scope(q).flatMap((r): ScoredMemory[] =>
      r.embedding?.model === q.embedding.model && r.embedding.vector.length === dimensions
        ? [{ memory: copy(r.memory), score: cosine(r.embedding.vector, query) }]
        : [],
    );
    return hits.sort(byScore).slice(0, q.k);
  }

  /**
   * The SQL store's BM25 ranking (src/store/bm25.ts): the same terms (a memory needs a content word, stop
   * words only add to its score), statistics, expressions and rounding; ties go to the more recent memory.
   */
  function rankLexical(q: MemoryQuery & { query: string }): ScoredMemory[] {
    const { terms, content } = lexicalTerms(q.query);
    if (content === 0 || q.k <= 0) return [];
    const candidates = scope(q).flatMap((r) => {
      const words = searchWords(r.memory.text);
      const tf = terms.map((term) => words.filter((w) => w === term).length);
      return tf.slice(0, content).some((n) => n > 0) ? [{ row: r, tf, dl: words.length }] : [];
    });
    const df = terms.map((_, i) => candidates.filter((c) => (c.tf[i] ?? 0) > 0).length);
    // The pair's collection statistics: memories not superseded (expired ones count until swept).
    const pair = rows().filter(
      (r) => r.memory.userId === q.userId && r.memory.petId === q.petId && r.memory.supersededAt === null,
    );
    const docs = pair.length;
    const avgdl = bm25AverageLength(
      docs,
      pair.reduce((sum, r) => sum + searchWords(r.memory.text).length, 0),
    );
    const hits = candidates.map(
      ({ row, tf, dl }): ScoredMemory => ({
        memory: copy(row.memory),
        score: bm25Sum(tf.flatMap((n, i) => (n > 0 ? [bm25Term(bm25Idf(docs, df[i]!), n, dl, avgdl)] : []))),
      }),
    );
    return hits
      .sort(
        (a, b) =>
          b.score - a.score ||
          time(b.memory.occurredAt) - time(a.memory.occurredAt) ||
          byText(a.memory.id, b.memory.id),
      )
      .slice(0, q.k);
  }

  /** A window's memories (see `MemoryWindow`): spread over its 24-hour slices, each slice's earliest first. */
  function windowOf(q: MemoryQuery, during: MemoryWindow): Memory[] {
    const from = time(during.from);
    const kept = scope(q)
      .map((r) => r.memory)
      .filter(
        (m) =>
          (!during.subject || m.subject === during.subject) &&
          time(m.occurredAt) >= from &&
          time(m.occurredAt) < time(during.to),
      );
    const slice = (m: Memory) => Math.floor((time(m.occurredAt) - from) / 86_400_000);
    const byTime = sorted(kept, (a, b) => time(a.occurredAt) - time(b.occurredAt) || byText(a.id, b.id));
    const nth = new Map<string, number>();
    const seen = new Map<number, number>();
    for (const m of byTime) {
      const n = (seen.get(slice(m)) ?? 0) + 1;
      seen.set(slice(m), n);
      nth.set(m.id, n);
    }
    return sorted(
      byTime,
      (a, b) =>
        (nth.get(a.id) ?? 0) - (nth.get(b.id) ?? 0) ||
        time(a.occurredAt) - time(b.occurredAt) ||
        byText(a.id, b.id),
    ).slice(0, during.k);
  }

  return {
    async insert(items) {
      if (items.length === 0) return;
      const batch: MemoryRow[] = items.map(({ memory, embedding }) => {
        const stored = storedEmbedding(embedding);
        return { memory: { ...copy(memory), embeddingModel: stored?.model ?? null }, embedding: stored };
      });
      const ids = new Set(batch.map((r) => r.memory.id));
      if (ids.size < batch.length || batch.some((r) => t.memories.has(r.memory.id))) {
        throw new ConflictError('a memory with this id already exists');
      }
      for (const { memory } of batch) {
        if (!MEMORY_CATEGORIES.includes(memory.category)) {
          throw constraintError('memories.insert', 'check', 'memories', 'memories_category_check');
        }
      }
      const exists = (memoryId: string | null) =>
        memoryId === null || ids.has(memoryId) || t.memories.has(memoryId);
      const referencesExist = batch.every(
        ({ memory: m }) =>
          t.users.has(m.userId) &&
          t.pets.has(m.petId) &&
          (m.sourceSessionId === null || t.sessions.has(m.sourceSessionId)) &&
          exists(m.supersededById),
      );
      if (!referencesExist) throw new NotFoundError('pet or session', items[0]!.memory.petId);
      for (const row of batch) t.memories.set(row.memory.id, row);
    },

    async get(userId, id) {
      const row = t.memories.get(id);
      return row && row.memory.userId === userId ? copy(row.memory) : null;
    },

    async list(filter) {
      if (filter.categories?.length === 0) return [];
      const kept = rows()
        .map((r) => r.memory)
        .filter(
          (m) =>
            m.userId === filter.userId &&
            (filter.petId === undefined || m.petId === filter.petId) &&
            (filter.includeInactive || isActive(m, filter.now)) &&
            (!filter.categories || filter.categories.includes(m.category)) &&
            (!filter.subject || m.subject === filter.subject),
        );
      return sorted(
        kept,
        (a, b) =>
          time(a.occurredAt) - time(b.occurredAt) ||
          time(a.createdAt) - time(b.createdAt) ||
          byText(a.id, b.id),
      ).map(copy);
    },

    async update(userId, id, patch) {
      const row = t.memories.get(id);
      const embedding = patch.embedding === undefined ? undefined : storedEmbedding(patch.embedding);
      if (!row || row.memory.userId !== userId) return;
      if (patch.text !== undefined) {
        row.memory.text = patch.text;
        // A vector of the old text would be wrong: drop it unless a new one comes with the patch.
        if (embedding === undefined) {
          row.embedding = null;
          row.memory.embeddingModel = null;
        }
      }
      if (patch.occurredAt !== undefined) row.memory.occurredAt = new Date(patch.occurredAt);
      if (patch.expiresAt !== undefined) row.memory.expiresAt = patch.expiresAt && new Date(patch.expiresAt);
      if (embedding !== undefined) {
        row.embedding = embedding;
        row.memory.embeddingModel = embedding?.model ?? null;
      }
    },

    async supersede(userId, id, byId, at) {
      const row = t.memories.get(id);
      if (!row || row.memory.userId !== userId) return;
      if (!t.memories.has(byId)) {
        throw constraintError('memories.supersede', 'foreign_key', 'memories', 'memories_superseded_by_fk');
      }
      row.memory.supersededAt = new Date(at);
      row.memory.supersededById = byId;
    },

    async deleteOne(userId, id) {
      if (t.memories.get(id)?.memory.userId !== userId) return false;
      dropMemory(t, id);
      return true;
    },

    async deleteAll(userId, petId) {
      const doomed = rows().filter(
        (r) => r.memory.userId === userId && (petId === undefined || r.memory.petId === petId),
      );
      for (const r of doomed) dropMemory(t, r.memory.id);
      return doomed.length;
    },

    async sweepExpired(now) {
      const doomed = rows().filter(
        (r) => r.memory.expiresAt !== null && time(r.memory.expiresAt) <= time(now),
      );
      for (const r of doomed) dropMemory(t, r.memory.id);
      return doomed.length;
    },

    async ensureVectorIndex(model, dimensions) {
      checkDimensions(dimensions, MAX_INDEXED_DIMENSIONS);
      checkModel(model);
      const key = `${model}/${dimensions}`;
      if (!t.vectorIndexes.includes(key)) t.vectorIndexes.push(key);
    },

    searchDense: dense,
    searchDenseExact: dense,

    /** BM25 matches (`rankLexical`), then the window's other memories with score 0. */
    async searchLexical(q) {
      const matches = rankLexical(q);
      if (!q.during || q.during.k <= 0) return matches;
      const matched = new Set(matches.map((m) => m.memory.id));
      const windowed = windowOf(q, q.during)
        .filter((m) => !matched.has(m.id))
        .sort((a, b) => time(b.occurredAt) - time(a.occurredAt) || byText(a.id, b.id));
      return [...matches, ...windowed.map((memory) => ({ memory: copy(memory), score: 0 }))];
    },

    async recent(q) {
      if (q.k <= 0 || q.categories?.length === 0) return [];
      const categories: readonly MemoryCategory[] | undefined = q.categories;
      const kept = scope(q)
        .map((r) => r.memory)
        .filter(
          (m) => (!categories || categories.includes(m.category)) && (!q.subject || m.subject === q.subject),
        );
      return sorted(
        kept,
        (a, b) =>
          time(b.occurredAt) - time(a.occurredAt) ||
          time(b.createdAt) - time(a.createdAt) ||
          byText(a.id, b.id),
      )
        .slice(0, q.k)
        .map(copy);
    },

    async due(q) {
      if (q.k <= 0 || q.kinds.length === 0) return [];
      const since = q.undatedSince;
      const kept = scope(q)
        .map((r) => r.memory)
        .filter(
          (m) =>
            m.kind !== null &&
            q.kinds.includes(m.kind) &&
            (m.dueOn !== null
              ? m.dueOn >= q.from && m.dueOn <= q.to
              : since !== undefined && time(m.occurredAt) >= time(since)),
        );
      return sorted(
        kept,
        (a, b) =>
          (a.dueOn ?? '9999-99-99').localeCompare(b.dueOn ?? '9999-99-99') ||
          time(b.occurredAt) - time(a.occurredAt) ||
          byText(a.id, b.id),
      )
        .slice(0, q.k)
        .map(copy);
    },

    async needingEmbedding(model, limit) {
      return sorted(
        needing(model).map((r) => r.memory),
        (a, b) => time(a.createdAt) - time(b.createdAt) || byText(a.id, b.id),
      )
        .slice(0, Math.max(0, Math.floor(limit)))
        .map(copy);
    },

    async countNeedingEmbedding(model) {
      return needing(model).length;
    },

    async setEmbedding(id, embedding) {
      const stored = storedEmbedding(embedding);
      const row = t.memories.get(id);
      if (!row) return;
      row.embedding = stored;
      row.memory.embeddingModel = stored?.model ?? null;
    },
  };
}
