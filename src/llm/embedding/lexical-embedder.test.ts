import { describe, expect, it } from 'vitest';
import type { Logger } from '../../core/index.ts';
import {
  createLexicalEmbedder,
  LEXICAL_DIMENSIONS,
  lexicalFeatures,
  lexicalVector,
} from './lexical-embedder.ts';

const cosine = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + v * (b[i] ?? 0), 0);

describe('lexical-hash-v1', () => {
  it('uses lower-cased words and CJK character bigrams as features', () => {
    expect(lexicalFeatures('Hiking in the ALPS')).toEqual(['w:hiking', 'w:in', 'w:the', 'w:alps']);
    expect(lexicalFeatures('我喜欢猫')).toEqual(
      expect.arrayContaining(['w:喜欢', 'b:我喜', 'b:喜欢', 'b:欢猫']),
    );
  });

  it('is deterministic, 384-dimensional and L2-normalised', () => {
    const a = lexicalVector('My cat is called Mochi');
    expect(a).toHaveLength(LEXICAL_DIMENSIONS);
    expect(lexicalVector('My cat is called Mochi')).toEqual(a);
    expect(Math.hypot(...a)).toBeCloseTo(1, 10);
    expect(lexicalVector('')).toEqual(new Array(LEXICAL_DIMENSIONS).fill(0));
  });

  it('ranks texts sharing words above unrelated ones, in English and Chinese', () => {
    const query = lexicalVector('what is my cat called');
    expect(cosine(query, lexicalVector('My cat is called Mochi'))).toBeGreaterThan(
      cosine(query, lexicalVector('I went hiking in the Alps last summer')),
    );
    const zh = lexicalVector('我的猫叫什么');
    expect(cosine(zh, lexicalVector('我的猫叫麻薯'))).toBeGreaterThan(
      cosine(zh, lexicalVector('去年夏天我去爬山了')),
    );
  });

  it('warns once that retrieval quality is reduced', async () => {
    const warnings: string[] = [];
    const logger: Logger = { debug() {}, info() {}, error() {}, warn: (msg) => warnings.push(msg) };
    const embedder = createLexicalEmbedder({ logger });
    expect(embedder).toMatchObject({ id: 'lexical-hash-v1', kind: 'lexical' });
    expect(await embedder.dimensions()).toBe(384);
    const vectors = await embedder.embed(['a b', 'c']);
    await embedder.embed(['d']);
    expect(vectors).toHaveLength(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('retrieval quality is reduced');
  });
});
