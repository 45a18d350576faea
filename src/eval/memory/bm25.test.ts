import { describe, expect, it } from 'vitest';
import { createBm25Index } from './bm25.ts';

const docs = [
  { id: 'd1', text: 'the cat sat on the mat' },
  { id: 'd2', text: 'the dog sat on the log' },
  { id: 'd3', text: 'the cat chased the dog' },
  { id: 'd4', text: 'a zebra grazed quietly' },
];

describe('createBm25Index', () => {
  it('matches a hand-computed score (k1 1.2, b 0.75, Lucene idf)', () => {
    const index = createBm25Index(docs);
    // N = 4, lengths 6, 6, 5, 4 -> avgdl 5.25. "cat": df 2 -> idf ln(1 + 2.5/2.5) = ln 2.
    // d1: tf 1, |d| 6 -> 1 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 6 / 5.25)).
    const expected = (Math.log(2) * 2.2) / (1 + 1.2 * (0.25 + (0.75 * 6) / 5.25));
    expect(index.score('cat', 'd1')).toBeCloseTo(expected, 12);
    // "the": df 3 -> idf ln(1 + 1.5/3.5); d1 has it twice.
    const the = (Math.log(1 + 1.5 / 3.5) * 2 * 2.2) / (2 + 1.2 * (0.25 + (0.75 * 6) / 5.25));
    expect(index.score('cat the', 'd1')).toBeCloseTo(expected + the, 12);
    expect(index.score('cat', 'd4')).toBe(0);
    expect(index.score('cat', 'unknown')).toBe(0);
  });

  it('ranks a rare word over common ones', () => {
    const index = createBm25Index(docs);
    // d1 and d2 share two words with the query ("on", "the" twice), d4 only "zebra" - the one rare word.
    const hits = index.search('on the zebra', 4);
    expect(hits.map((h) => h.id)).toEqual(['d4', 'd1', 'd2', 'd3']);
    expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? Number.POSITIVE_INFINITY);
  });

  it('returns only documents sharing a word, at most k, and segments Chinese', () => {
    const index = createBm25Index([
      { id: 'z1', text: '我喜欢吃苹果' },
      { id: 'z2', text: '今天天气很好' },
      { id: 'e1', text: 'apples are red' },
    ]);
    expect(index.search('苹果', 5).map((h) => h.id)).toEqual(['z1']);
    expect(index.search('bananas', 5)).toEqual([]);
    expect(index.search('apples 天气', 1)).toHaveLength(1);
    expect(index.search('apples', 0)).toEqual([]);
  });
});
