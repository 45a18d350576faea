import { describe, expect, it } from 'vitest';
import { meanMetrics, scoreRanking } from './metrics.ts';

describe('scoreRanking', () => {
  it('counts evidence in the top k and the rank of the first', () => {
    const ranked = ['a', 'b', 'c', 'd', 'e'];
    expect(scoreRanking(ranked, ['c', 'e'], 5)).toEqual({ recall: 1, reciprocalRank: 1 / 3 });
    expect(scoreRanking(ranked, ['c', 'e'], 3)).toEqual({ recall: 0.5, reciprocalRank: 1 / 3 });
    expect(scoreRanking(ranked, ['e', 'x', 'y', 'z'], 5)).toEqual({ recall: 0.25, reciprocalRank: 0.2 });
    expect(scoreRanking(ranked, ['e'], 4)).toEqual({ recall: 0, reciprocalRank: 0 });
    expect(scoreRanking([], ['a'], 10)).toEqual({ recall: 0, reciprocalRank: 0 });
  });

  it('ignores repeated ids in the ranking and in the evidence', () => {
    expect(scoreRanking(['a', 'a', 'b'], ['b', 'b'], 2)).toEqual({ recall: 1, reciprocalRank: 0.5 });
  });

  it('refuses a question without evidence', () => {
    expect(() => scoreRanking(['a'], [], 10)).toThrow(/without evidence/);
  });
});

describe('meanMetrics', () => {
  it('averages over questions under the interface names', () => {
    expect(
      meanMetrics([
        { recall: 1, reciprocalRank: 1 },
        { recall: 0.5, reciprocalRank: 0.25 },
        { recall: 0, reciprocalRank: 0 },
      ]),
    ).toEqual({ 'recall@k': 0.5, mrr: 1.25 / 3 });
    expect(meanMetrics([])).toEqual({ 'recall@k': 0, mrr: 0 });
  });
});
