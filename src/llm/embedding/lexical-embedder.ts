import type { Embedder, Logger } from '../../core/index.ts';
import { segmentWords } from '../../core/index.ts';

export const LEXICAL_EMBEDDER_ID = 'lexical-hash-v1';
export const LEXICAL_DIMENSIONS = 384;

const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]{2,}/gu;

/**
 * The features of `text`: its words (`Intl.Segmenter`, lower-cased, NFKC) and, inside runs of CJK
 * characters, every pair of neighbouring characters, so that Chinese matches even where the word
 * segmentation of a query and a memory differ.
 */
export function lexicalFeatures(text: string): string[] {
  const features = segmentWords(text).map((word) => `w:${word}`);
  for (const run of text.normalize('NFKC').toLowerCase().match(CJK_RUN) ?? []) {
    const chars = Array.from(run);
    for (let i = 0; i + 1 < chars.length; i++) features.push(`b:${chars[i]}${chars[i + 1]}`);
  }
  return features;
}

/**
 * Feature hashing into 384 dimensions: each feature adds +-(1 + ln count) at a hashed index (FNV-1a of its
 * UTF-8 bytes; the sign comes from a second hash), then the vector is L2-normalised. Deterministic, no
 * model, no network. Empty text gives the zero vector.
 */
export function lexicalVector(text: string): number[] {
  const counts = new Map<string, number>();
  for (const feature of lexicalFeatures(text)) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  const vector = new Array<number>(LEXICAL_DIMENSIONS).fill(0);
  for (const [feature, count] of counts) {
    const bytes = encoder.encode(feature);
    const index = fnv1a(bytes, 0x811c9dc5) % LEXICAL_DIMENSIONS;
    const sign = fnv1a(bytes, 0x050c5d1f) & 1 ? -1 : 1;
    vector[index] = (vector[index] ?? 0) + sign * (1 + Math.log(count));
  }
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((v) => v / norm);
}

/**
 * The offline fallback embedder. Retrieval works on shared words only (no synonyms, no paraphrase), so the
 * first use logs a warning saying how to configure a real embedding model.
 */
export function createLexicalEmbedder(deps: { logger?: Logger } = {}): Embedder {
  let warned = false;
  return {
    id: LEXICAL_EMBEDDER_ID,
    kind: 'lexical',
    dimensions: async () => LEXICAL_DIMENSIONS,
    async embed(texts) {
      if (!warned) {
        warned = true;
        deps.logger?.warn(
          'embeddings use the offline lexical fallback; memory retrieval quality is reduced',
          {
            embedder: LEXICAL_EMBEDDER_ID,
            fix: 'set IPET_EMBED_BASE_URL and IPET_EMBED_MODEL (or IPET_EMBED_MODEL_PATH) to use an embedding model',
          },
        );
      }
      return texts.map(lexicalVector);
    },
  };
}

const encoder = new TextEncoder();

function fnv1a(bytes: Uint8Array, seed: number): number {
  let hash = seed >>> 0;
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
