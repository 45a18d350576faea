import { hashString } from './rng.ts';
import { isCjk, STOPWORDS, wordTokens } from './words.ts';

const HASH_SALTS = [0x5eed, 0xb0b5eed];

const CJK_RUN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+/gu;

/** Plural "s" only ("walks" -> "walk"), so the commonest inflection does not split a word in two. */
function stem(word: string): string {
  return word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word) ? word.slice(0, -1) : word;
}

/** Weighted features: lower-cased words (stopwords weak), CJK characters and CJK bigrams. */
export function embeddingFeatures(text: string): Map<string, number> {
  const features = new Map<string, number>();
  const add = (feature: string, weight: number) =>
    features.set(feature, (features.get(feature) ?? 0) + weight);
  for (const word of wordTokens(text)) {
    if (isCjk(word)) continue;
    add(`w:${stem(word)}`, STOPWORDS.has(word) ? 0.15 : 1);
  }
  for (const run of text.match(CJK_RUN) ?? []) {
    const chars = Array.from(run);
    chars.forEach((char, i) => {
      add(`c:${char}`, 0.5);
      const next = chars[i + 1];
      if (next !== undefined) add(`b:${char}${next}`, 1);
    });
  }
  return features;
}

/**
 * A deterministic L2-normalised vector by signed feature hashing: texts that share words (or CJK characters
 * and bigrams) point in similar directions; unrelated texts are close to orthogonal. Not semantic.
 */
export function embedText(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const [feature, weight] of embeddingFeatures(text)) {
    // Sublinear term frequency, so one repeated word does not dominate.
    const w = (weight >= 1 ? 1 + Math.log(weight) : weight) / Math.SQRT2;
    // Each feature lands in two signed buckets, which halves the damage of any single hash collision.
    for (const salt of HASH_SALTS) {
      const h = hashString(feature, salt);
      const index = h % dimensions;
      vector[index] = (vector[index] ?? 0) + (h & 0x80000000 ? w : -w);
    }
  }
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm === 0) {
    vector[0] = 1;
    return vector;
  }
  return vector.map((x) => x / norm);
}
