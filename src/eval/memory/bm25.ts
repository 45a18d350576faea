import { segmentWords } from '../../core/index.ts';

/**
 * Plain Okapi BM25 over a fixed set of documents, in memory: the independent baseline that `ipet eval memory`
 * compares ipet's retrieval against. Words are the project's segmentation (`segmentWords`: lower-cased,
 * NFKC, Chinese split into words), with no stop-word list and no stemming.
 *
 *   score(q, d) = Σ_{t ∈ q} idf(t) · tf(t, d) · (k1 + 1) / (tf(t, d) + k1 · (1 − b + b · |d| / avgdl))
 *   idf(t)      = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))
 *
 * A query word counts once per occurrence in the query (as in rank_bm25 and Lucene). The idf is Lucene's,
 * which stays positive for words in more than half of the documents.
 */
export interface Bm25Options {
  k1: number;
  b: number;
}

export const BM25_DEFAULTS: Bm25Options = { k1: 1.2, b: 0.75 };

export interface Bm25Hit {
  id: string;
  score: number;
}

export interface Bm25Index {
  readonly size: number;
  /** The best `k` documents sharing at least one word with the query, best first (ties: document order). */
  search(query: string, k: number): Bm25Hit[];
  /** One document's score (0 when it shares no word or is unknown). */
  score(query: string, id: string): number;
}

export function createBm25Index(
  documents: ReadonlyArray<{ id: string; text: string }>,
  options: Bm25Options = BM25_DEFAULTS,
): Bm25Index {
  const { k1, b } = options;
  const lengths: number[] = [];
  const postings = new Map<string, Array<{ doc: number; tf: number }>>();
  const position = new Map<string, number>();
  documents.forEach((document, doc) => {
    position.set(document.id, doc);
    const words = segmentWords(document.text);
    lengths.push(words.length);
    const counts = new Map<string, number>();
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
    for (const [word, tf] of counts) {
      const list = postings.get(word);
      if (list) list.push({ doc, tf });
      else postings.set(word, [{ doc, tf }]);
    }
  });
  const n = documents.length;
  const avgdl = n === 0 ? 0 : lengths.reduce((s, l) => s + l, 0) / n;
  const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const termScore = (tf: number, doc: number) =>
    (tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * (lengths[doc] ?? 0)) / (avgdl || 1)));

  const scores = (query: string): Map<number, number> => {
    const out = new Map<number, number>();
    for (const word of segmentWords(query)) {
      const list = postings.get(word);
      if (!list) continue;
      const w = idf(list.length);
      for (const { doc, tf } of list) out.set(doc, (out.get(doc) ?? 0) + w * termScore(tf, doc));
    }
    return out;
  };

  return {
    size: n,
    search(query, k) {
      if (k <= 0) return [];
      return [...scores(query)]
        .sort((x, y) => y[1] - x[1] || x[0] - y[0])
        .slice(0, k)
        .map(([doc, score]) => ({ id: documents[doc]?.id as string, score }));
    },
    score(query, id) {
      const doc = position.get(id);
      return doc === undefined ? 0 : (scores(query).get(doc) ?? 0);
    },
  };
}
