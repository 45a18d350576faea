import type { Embedder } from '../core/index.ts';
import { segmentWords } from '../core/index.ts';

export type FakeEmbedder = Embedder & {
  /** The texts of each call, in order. */
  calls: string[][];
  /** Set to make every call throw, like an unreachable embedding server. */
  failing: boolean;
};

/** An embedder whose vectors are hashed bags of words: texts sharing words get a high cosine. */
export function fakeEmbedder(id = 'fake-bow-v1', dimensions = 64): FakeEmbedder {
  const embedder: FakeEmbedder = {
    id,
    kind: 'lexical',
    calls: [],
    failing: false,
    async dimensions() {
      return dimensions;
    },
    async embed(texts) {
      embedder.calls.push(texts);
      if (embedder.failing) throw new Error('embedding server unreachable');
      return texts.map((text) => {
        const v = new Array<number>(dimensions).fill(0);
        for (const word of segmentWords(text)) {
          let h = 2166136261;
          for (const ch of word) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619);
          v[(h >>> 0) % dimensions]! += 1;
        }
        return v;
      });
    },
  };
  return embedder;
}
