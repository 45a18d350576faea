import type { Memory, MemoryCategory, ScoredMemory } from '../core/index.ts';

/**
 * Hybrid ranking: reciprocal rank fusion of the dense and lexical result lists, times a recency prior.
 *
 *   rel(m)   = Σ_{s searched, m ∈ s} w_s / (K + rank_s(m))  ÷  Σ_{s searched} w_s / (K + 1)
 *   score(m) = rel(m) · (1 + β · 2^(−age(m) / halfLife(category(m))))
 *
 * rank is 1-based within each list; `rel` is 1 for a memory ranked first by every list that was searched, so
 * scores keep their scale when the dense list is unavailable. `age` runs from the later of occurredAt and
 * createdAt to `now` (never negative). Rank fusion has no notion of "irrelevant" (the nearest vector is
 * always ranked first), so relevance is gated on the raw scores before fusing: a dense hit counts only when
 * its cosine similarity reaches `minCosine`, a lexical hit only when the store reports a match (score > 0).
 * Recency re-orders candidates; it never lets a memory in on its own.
 */
export interface FusionOptions {
  /** RRF constant K. */
  rrfK: number;
  weights: { dense: number; lexical: number };
  /** β: how much a brand-new memory is boosted over an old one with the same ranks. */
  recencyBoost: number;
  halfLifeDays: Readonly<Record<MemoryCategory, number>>;
  /** Minimum cosine similarity for a dense hit to count as relevant. */
  minCosine: number;
}

export const DEFAULT_FUSION: FusionOptions = {
  rrfK: 60,
  weights: { dense: 1, lexical: 1 },
  recencyBoost: 0.25,
  halfLifeDays: { short_term: 7, long_term: 30, permanent: 365 },
  minCosine: 0.3,
};

/**
 * Overrides of DEFAULT_FUSION when the embedder is the offline lexical fallback (`kind: 'lexical'`), whose
 * "dense" list is a second bag-of-words ranking (function words included, no IDF) rather than a semantic
 * one, so it only breaks near-ties of the BM25 list. Tuned on the tuning split of ipet's evaluation set
 * (`npx tsx bench/retrieval/tune-fusion.ts`: best recall@10 over K 1-100, dense weight 0-1, recency boost
 * 0-0.25, minimum cosine 0-0.6; any dense weight above 0.1 or a lower cosine gate lost recall). DEFAULT_FUSION
 * stays for embedding models, which this tuning cannot speak for.
 */
export const OFFLINE_EMBEDDER_FUSION: Partial<FusionOptions> = {
  rrfK: 5,
  weights: { dense: 0.1, lexical: 1 },
  recencyBoost: 0.05,
  minCosine: 0.4,
};

export interface RetrievedMemory {
  memory: Memory;
  score: number;
  /** Raw per-source scores: cosine similarity, lexical rank score, recency prior in (0, 1]. */
  sources: { dense?: number; lexical?: number; recency: number };
}

const DAY_MS = 86_400_000;

export function recencyPrior(memory: Memory, now: Date, halfLifeDays: FusionOptions['halfLifeDays']): number {
  const last = Math.max(memory.occurredAt.getTime(), memory.createdAt.getTime());
  const ageDays = Math.max(0, now.getTime() - last) / DAY_MS;
  return 2 ** (-ageDays / halfLifeDays[memory.category]);
}

/** Fuses the lists; `dense: null` means dense search was not available. Best first. */
export function fuseRankings(
  input: { dense: ScoredMemory[] | null; lexical: ScoredMemory[]; now: Date },
  options: FusionOptions = DEFAULT_FUSION,
): RetrievedMemory[] {
  const { rrfK: k, weights } = options;
  const dense = (input.dense ?? []).filter((hit) => hit.score >= options.minCosine);
  const lexical = input.lexical.filter((hit) => hit.score > 0);
  const best = (input.dense ? weights.dense : 0) + weights.lexical;
  if (best === 0) return [];

  const fused = new Map<string, { memory: Memory; rrf: number; dense?: number; lexical?: number }>();
  const add = (list: ScoredMemory[], weight: number, source: 'dense' | 'lexical') => {
    const sorted = [...list].sort((a, b) => b.score - a.score);
    const seen = new Set<string>();
    sorted.forEach((hit) => {
      if (seen.has(hit.memory.id)) return;
      seen.add(hit.memory.id);
      const entry = fused.get(hit.memory.id) ?? { memory: hit.memory, rrf: 0 };
      entry.rrf += weight / (k + seen.size);
      entry[source] = hit.score;
      fused.set(hit.memory.id, entry);
    });
  };
  add(dense, weights.dense, 'dense');
  add(lexical, weights.lexical, 'lexical');

  const results: RetrievedMemory[] = [];
  for (const entry of fused.values()) {
    const recency = recencyPrior(entry.memory, input.now, options.halfLifeDays);
    const rel = entry.rrf / (best / (k + 1));
    results.push({
      memory: entry.memory,
      score: rel * (1 + options.recencyBoost * recency),
      sources: {
        ...(entry.dense === undefined ? {} : { dense: entry.dense }),
        ...(entry.lexical === undefined ? {} : { lexical: entry.lexical }),
        recency,
      },
    });
  }
  return results.sort(
    (a, b) =>
      b.score - a.score ||
      b.sources.recency - a.sources.recency ||
      (a.memory.id < b.memory.id ? -1 : a.memory.id > b.memory.id ? 1 : 0),
  );
}
