import type {
  Embedder,
  Logger,
  Memory,
  MemoryCategory,
  MemoryRepository,
  MemorySubject,
  ScoredMemory,
} from '../core/index.ts';
import { MEMORY_CATEGORIES } from '../core/index.ts';
import {
  DEFAULT_FUSION,
  type FusionOptions,
  fuseRankings,
  OFFLINE_EMBEDDER_FUSION,
  type RetrievedMemory,
} from './fusion.ts';
import { lexicalQuery } from './lexical-query.ts';

export interface RetrievalDeps {
  memories: Pick<MemoryRepository, 'searchDense' | 'searchLexical'>;
  embedder: Embedder;
  logger: Logger;
  /**
   * Overrides of the fusion constants (K, weights, recency boost, half-lives); by default DEFAULT_FUSION,
   * with OFFLINE_EMBEDDER_FUSION on top when the embedder is the offline lexical fallback.
   */
  fusion?: Partial<FusionOptions>;
}

export interface RetrievalRequest {
  userId: string;
  petId: string;
  query: string;
  now: Date;
  k: number;
  /** Minimum cosine similarity for a dense hit to count (default 0.3); lexical hits need a match. */
  floor?: number;
  /** Called when dense search was skipped (embedder or vector search failed): lexical + recency only. */
  onDegraded?: (reason: unknown) => void;
  /**
   * The caller's signal (a chat turn's client): when it aborts, the lookup rejects with its reason at once
   * and the embedding request is cancelled.
   */
  signal?: AbortSignal;
  /** `interactive`: a chat turn waits for this lookup; its embedding call goes ahead of background work. */
  priority?: 'interactive' | 'background';
  /**
   * A past period the user asks about ("yesterday": see `pastPeriodIn`): the pet's own memories of it come
   * too, in the same lexical search statement, after the top k (at most `periodK`, default 12).
   */
  period?: { from: Date; to: Date };
  periodK?: number;
}

/** How many of the pet's memories of an asked-about period a turn gets at most (a day's items fit). */
export const PERIOD_MEMORIES = 12;

/**
 * Memories M for a dialogue turn: dense cosine search in the embedder's current space (vectors of other
 * models are never compared), lexical search, fused with a recency prior (see `fuseRankings`), top-k above
 * the floor. Only active memories (not expired, not superseded) of this (user, pet) pair are considered,
 * the user's and the pet's own alike. With `period`, the pet's memories of that period that are not in the
 * top k follow it (score 0, earliest first).
 */
export async function retrieveForDialogue(
  deps: RetrievalDeps,
  req: RetrievalRequest,
): Promise<RetrievedMemory[]> {
  const query = req.query.trim();
  if (query === '' || req.k <= 0) return [];
  if (req.signal?.aborted) throw req.signal.reason;
  const candidates = Math.max(req.k * 4, 20);
  const base = { userId: req.userId, petId: req.petId, now: req.now, k: candidates };
  const lexical = lexicalQuery(query);
  const during = req.period
    ? { ...req.period, subject: 'pet' as const, k: req.periodK ?? PERIOD_MEMORIES }
    : undefined;

  const [denseHits, lexicalHits] = await unlessAborted(
    Promise.all([
      denseSearch(deps, req, query, candidates).catch((error: unknown) => {
        if (req.signal?.aborted) throw error;
        deps.logger.warn('memory retrieval degraded to lexical and recency', {
          embedder: deps.embedder.id,
          error: error instanceof Error ? error : String(error),
          userId: req.userId,
          petId: req.petId,
        });
        req.onDegraded?.(error);
        return null;
      }),
      lexical === '' && !during
        ? Promise.resolve([])
        : deps.memories.searchLexical({ ...base, query: lexical, ...(during ? { during } : {}) }),
    ]),
    req.signal,
  );

  const options: FusionOptions = {
    ...DEFAULT_FUSION,
    ...(deps.embedder.kind === 'lexical' ? OFFLINE_EMBEDDER_FUSION : {}),
    ...deps.fusion,
    ...(req.floor === undefined ? {} : { minCosine: req.floor }),
  };
  const top = fuseRankings({ dense: denseHits, lexical: lexicalHits, now: req.now }, options).slice(0, req.k);
  return during ? [...top, ...periodExtras(top, lexicalHits, during)] : top;
}

/** The period's memories the search brought that are not in the top k, earliest first, with score 0. */
function periodExtras(
  top: RetrievedMemory[],
  hits: ScoredMemory[],
  during: { from: Date; to: Date; subject: 'pet'; k: number },
): RetrievedMemory[] {
  const taken = new Set(top.map((hit) => hit.memory.id));
  const inPeriod = (m: Memory) =>
    m.subject === during.subject &&
    m.occurredAt.getTime() >= during.from.getTime() &&
    m.occurredAt.getTime() < during.to.getTime();
  return hits
    .filter((hit) => inPeriod(hit.memory) && !taken.has(hit.memory.id))
    .sort((a, b) => a.memory.occurredAt.getTime() - b.memory.occurredAt.getTime())
    .slice(0, during.k)
    .map((hit) => ({ memory: hit.memory, score: 0, sources: { recency: 1 } }));
}

async function denseSearch(
  deps: RetrievalDeps,
  req: RetrievalRequest,
  query: string,
  k: number,
): Promise<ScoredMemory[]> {
  const [vector] = await deps.embedder.embed(
    [query],
    {
      purpose: 'embed',
      userId: req.userId,
      petId: req.petId,
      ...(req.priority ? { priority: req.priority } : {}),
    },
    req.signal ? { abortSignal: req.signal } : {},
  );
  if (!vector || vector.length === 0) throw new Error('the embedder returned no vector');
  return deps.memories.searchDense({
    userId: req.userId,
    petId: req.petId,
    now: req.now,
    k,
    embedding: { vector, model: deps.embedder.id },
  });
}

/** `work`, or a rejection with `signal.reason` as soon as the signal aborts (a query cannot be recalled). */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  work.catch(() => {});
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export type MemoriesByTier = Record<MemoryCategory, Memory[]>;

/**
 * The most recent active memories of each tier, for world simulation (the paper's "recent entries"): the
 * user's by default (M in eq. 4), or the pet's own with `subject: 'pet'`.
 */
export async function recentForWorld(
  deps: { memories: Pick<MemoryRepository, 'recent'> },
  req: { userId: string; petId: string; now: Date; perCategory: number; subject?: MemorySubject },
): Promise<MemoriesByTier> {
  const lists = await Promise.all(
    MEMORY_CATEGORIES.map((category) =>
      req.perCategory <= 0
        ? Promise.resolve([])
        : deps.memories.recent({
            userId: req.userId,
            petId: req.petId,
            now: req.now,
            k: req.perCategory,
            categories: [category],
            subject: req.subject ?? 'user',
          }),
    ),
  );
  const byTier: MemoriesByTier = { permanent: [], long_term: [], short_term: [] };
  MEMORY_CATEGORIES.forEach((category, i) => {
    byTier[category] = lists[i] ?? [];
  });
  return byTier;
}

export interface MemorySearchHit {
  id: string;
  externalId: string | null;
  score: number;
  text: string;
}

/** Hybrid search for `ipet memories search`: the dialogue ranking, flattened. */
export async function searchMemories(
  deps: RetrievalDeps & { clock: { now(): Date } },
  req: { userId: string; petId: string; query: string; k: number; floor?: number },
): Promise<MemorySearchHit[]> {
  const hits = await retrieveForDialogue(deps, { ...req, now: deps.clock.now() });
  return hits.map((hit) => ({
    id: hit.memory.id,
    externalId: hit.memory.externalId,
    score: hit.score,
    text: hit.memory.text,
  }));
}
