import type { Memory, MemoryCategory, MemoryKind, MemorySubject } from '../entities.ts';

export interface StoredEmbedding {
  vector: number[];
  /** The embedding model id; vectors of different models are never compared. */
  model: string;
}

export interface MemoryQuery {
  userId: string;
  petId: string;
  now: Date;
  k: number;
  /** Superseded and expired memories are excluded unless asked for. */
  includeInactive?: boolean;
}

/**
 * A span of time whose memories a lexical search also returns, whether or not they match the query (the
 * user asks about "yesterday"): the pair's active memories that happened in [`from`, `to`), of `subject`
 * only when given, at most `k`, spread over the span's days (24-hour slices from `from`: each day's
 * earliest first, then each day's second...).
 */
export interface MemoryWindow {
  from: Date;
  to: Date;
  subject?: MemorySubject;
  k: number;
}

export interface ScoredMemory {
  memory: Memory;
  /** Dense: cosine similarity in [-1, 1]; lexical: ts_rank. Higher is better. */
  score: number;
}

export interface MemoryRepository {
  insert(memories: Array<{ memory: Memory; embedding: StoredEmbedding | null }>): Promise<void>;
  get(userId: string, id: string): Promise<Memory | null>;
  list(filter: {
    userId: string;
    petId?: string;
    now: Date;
    includeInactive?: boolean;
    categories?: MemoryCategory[];
    /** Only the user's or only the pet's own memories (default: both). */
    subject?: MemorySubject;
  }): Promise<Memory[]>;
  /** Owner-scoped; new `text` without an `embedding` clears the stale vector (picked up by needingEmbedding). */
  update(
    userId: string,
    id: string,
    patch: { text?: string; occurredAt?: Date; expiresAt?: Date | null; embedding?: StoredEmbedding | null },
  ): Promise<void>;
  supersede(userId: string, id: string, byId: string, at: Date): Promise<void>;
  deleteOne(userId: string, id: string): Promise<boolean>;
  deleteAll(userId: string, petId?: string): Promise<number>;
  /** Removes memories whose expiry has passed (rows and vectors). */
  sweepExpired(now: Date): Promise<number>;

  /** Ensures an HNSW cosine index exists for vectors of this model and dimension. */
  ensureVectorIndex(model: string, dimensions: number): Promise<void>;
  searchDense(q: MemoryQuery & { embedding: StoredEmbedding }): Promise<ScoredMemory[]>;
  /** Exact (sequential scan) cosine search, for recall measurements. */
  searchDenseExact(q: MemoryQuery & { embedding: StoredEmbedding }): Promise<ScoredMemory[]>;
  /**
   * Full-text search over the segmented text. With `during`, the window's memories come in the same
   * statement: those the query did not match with score 0, after the matches.
   */
  searchLexical(q: MemoryQuery & { query: string; during?: MemoryWindow }): Promise<ScoredMemory[]>;
  /** The k most recent by `occurredAt`, newest first. */
  recent(q: MemoryQuery & { categories?: MemoryCategory[]; subject?: MemorySubject }): Promise<Memory[]>;
  /**
   * Active memories of these kinds that are open around a date: due between `from` and `to` (inclusive,
   * YYYY-MM-DD), or - when `undatedSince` is given - without a due date and remembered since then. Soonest
   * due first, then newest; at most `k`.
   */
  due(
    q: MemoryQuery & { kinds: MemoryKind[]; from: string; to: string; undatedSince?: Date },
  ): Promise<Memory[]>;

  /** Memories whose vector is missing or from another model than `model`, for re-embedding. */
  needingEmbedding(model: string, limit: number): Promise<Memory[]>;
  countNeedingEmbedding(model: string): Promise<number>;
  setEmbedding(id: string, embedding: StoredEmbedding): Promise<void>;
}
