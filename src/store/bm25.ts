/**
 * BM25 (Robertson/Sparck Jones, with Lucene's non-negative IDF) over a (user, pet) pair's memories:
 *
 *   score(m, q) = Σ_{t ∈ q, tf(t, m) > 0} idf(t) · tf · (k1 + 1) / (tf + k1 · (1 − b + b · dl(m) / avgdl))
 *   idf(t)      = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))
 *
 * Terms are `searchTerms(query)` (stop words dropped) and a memory's words are `searchWords(text)`: tf counts
 * a term among them, dl is how many there are. N and avgdl come from the pair's collection statistics (its
 * memories that are not superseded), df from the memories the search can return. The SQL store computes the
 * same expressions in the same order (memory-search.ts); the in-memory test store calls these functions.
 */
export const BM25_K1 = 1.2;
/**
 * Length normalisation: 0.5 rather than the textbook 0.75, chosen on the tuning split of the project's
 * evaluation set (bench/retrieval/eval-set/*.tune.json): memories are short and of similar length, and full
 * normalisation over-rewarded the shortest ones. The plain-BM25 baseline of `ipet eval memory` keeps 0.75.
 */
export const BM25_B = 0.5;
/** Scores are rounded to multiples of 1 / BM25_ROUND, so equal memories tie whatever the summation order. */
export const BM25_ROUND = 1e12;
/** k1 + 1 and 1 − b, written out so SQL and JS use the same literals. */
export const BM25_K1_PLUS_1 = 2.2;
export const BM25_ONE_MINUS_B = 0.5;

/** Inverse document frequency of a term found in `df` of `docs` memories (docs is raised to df if lower). */
export function bm25Idf(docs: number, df: number): number {
  const n = Math.max(docs, df);
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Average memory length of the pair; 1 when the statistics hold no words (nothing active left). */
export function bm25AverageLength(docs: number, words: number): number {
  return docs > 0 && words > 0 ? words / docs : 1;
}

/** One term's contribution to a memory's score. */
export function bm25Term(idf: number, tf: number, dl: number, avgdl: number): number {
  return (idf * tf * BM25_K1_PLUS_1) / (tf + BM25_K1 * (BM25_ONE_MINUS_B + (BM25_B * dl) / avgdl));
}

/** A memory's score from its terms' contributions (rounded like the SQL store's). */
export function bm25Sum(terms: readonly number[]): number {
  return Math.round(terms.reduce((sum, x) => sum + x, 0) * BM25_ROUND) / BM25_ROUND;
}
