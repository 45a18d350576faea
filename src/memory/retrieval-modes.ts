import type { ScoredMemory } from '../core/index.ts';
import { lexicalQuery } from './lexical-query.ts';
import type { RetrievalDeps } from './retrieve.ts';

/**
 * Each half of the dialogue retrieval on its own, for measuring them (`ipet eval memory`): the store's
 * lexical search over the query's content words, and the embedder's dense search. Neither fuses, applies the
 * recency prior or degrades; `retrieveForDialogue` is what a turn uses. Best first, at most `k`, only active
 * memories of the (user, pet) pair.
 */
export interface SingleModeRequest {
  userId: string;
  petId: string;
  query: string;
  now: Date;
  k: number;
}

/** The store's lexical ranking alone: memories that match a content word of the query. */
export async function retrieveLexical(
  deps: Pick<RetrievalDeps, 'memories'>,
  req: SingleModeRequest,
): Promise<ScoredMemory[]> {
  const query = lexicalQuery(req.query.trim());
  if (query === '' || req.k <= 0) return [];
  const hits = await deps.memories.searchLexical({
    userId: req.userId,
    petId: req.petId,
    now: req.now,
    k: req.k,
    query,
  });
  return rank(hits.filter((hit) => hit.score > 0)).slice(0, req.k);
}

/**
 * The dense ranking alone: cosine similarity to the query's vector in the embedder's space. With `floor`,
 * hits below that similarity are dropped (the dialogue retrieval uses 0.3); without it the nearest `k` come
 * back whatever their similarity. Embedder failures are thrown, not degraded.
 */
export async function retrieveDense(
  deps: Pick<RetrievalDeps, 'memories' | 'embedder'>,
  req: SingleModeRequest & { floor?: number },
): Promise<ScoredMemory[]> {
  const query = req.query.trim();
  if (query === '' || req.k <= 0) return [];
  const [vector] = await deps.embedder.embed([query], {
    purpose: 'embed',
    userId: req.userId,
    petId: req.petId,
  });
  if (!vector || vector.length === 0) throw new Error('the embedder returned no vector');
  const hits = await deps.memories.searchDense({
    userId: req.userId,
    petId: req.petId,
    now: req.now,
    k: req.k,
    embedding: { vector, model: deps.embedder.id },
  });
  const floor = req.floor;
  return rank(floor === undefined ? hits : hits.filter((hit) => hit.score >= floor)).slice(0, req.k);
}

/** Best first; equal scores keep the store's order. */
function rank(hits: ScoredMemory[]): ScoredMemory[] {
  return hits
    .map((hit, i) => ({ hit, i }))
    .sort((a, b) => b.hit.score - a.hit.score || a.i - b.i)
    .map(({ hit }) => hit);
}
