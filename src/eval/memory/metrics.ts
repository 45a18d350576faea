/**
 * Evidence retrieval metrics for one question, and their means.
 *
 * - recall@k: the fraction of the question's evidence turns found among the first k results;
 * - reciprocal rank: 1 / the rank of the first evidence turn among the first k results, 0 when none is there
 *   (so the mean is MRR@k).
 */
export interface QuestionScore {
  recall: number;
  reciprocalRank: number;
}

/** The metrics of one retrieval mode, under the names of the scriptable interface. */
export interface ModeMetrics {
  'recall@k': number;
  mrr: number;
}

/** Scores a ranked list of ids against the evidence ids (which must not be empty). */
export function scoreRanking(
  ranked: readonly string[],
  evidence: readonly string[],
  k: number,
): QuestionScore {
  const wanted = new Set(evidence);
  if (wanted.size === 0) throw new Error('a question without evidence cannot be scored');
  const top = [...new Set(ranked)].slice(0, Math.max(0, k));
  const found = top.filter((id) => wanted.has(id)).length;
  const first = top.findIndex((id) => wanted.has(id));
  return { recall: found / wanted.size, reciprocalRank: first < 0 ? 0 : 1 / (first + 1) };
}

/** Means over questions; zeros for none. */
export function meanMetrics(scores: readonly QuestionScore[]): ModeMetrics {
  if (scores.length === 0) return { 'recall@k': 0, mrr: 0 };
  const sum = (f: (s: QuestionScore) => number) => scores.reduce((acc, s) => acc + f(s), 0);
  return {
    'recall@k': sum((s) => s.recall) / scores.length,
    mrr: sum((s) => s.reciprocalRank) / scores.length,
  };
}
