import { describe, expect, it } from 'vitest';
import { apcScore, constraintScore, labelProbabilities } from './apc.ts';

describe('APC score', () => {
  it('rewards entailed active constraints and non-contradicted passive ones (hand-computed)', () => {
    const score = apcScore([
      labelProbabilities({ relevant: 'yes', nli: 'entailed' }), // active, expressed: 1
      labelProbabilities({ relevant: 'no', nli: 'neutral' }), // passive, untouched: 1
      labelProbabilities({ relevant: 'no', nli: 'contradicted' }), // passive, contradicted: 0
      labelProbabilities({ relevant: 'yes', nli: 'neutral' }), // active, ignored: 0
      labelProbabilities({ relevant: 'no', nli: 'entailed' }), // passive, expressed anyway: 1
      { relevance: 0.8, entailed: 0.5, neutral: 0.3, contradicted: 0.2 }, // 0.8*0.5 + 0.2*0.8 = 0.56
    ]);
    expect(score.apc).toBeCloseTo(3.56, 10);
    expect(score.statements).toBe(6);
    expect(score.normalized).toBeCloseTo(3.56 / 6, 10);
    expect(score.active).toBeCloseTo(2.8, 10);
    expect(score.contradictions).toBeCloseTo(1.2, 10);
  });

  it("reproduces the paper's Koishi example with hard labels", () => {
    // statements: lives with her sister Satori; lives in Chireiden. query: "Where do you live, Koishi?"
    const both = apcScore([
      labelProbabilities({ relevant: 'yes', nli: 'entailed' }),
      labelProbabilities({ relevant: 'yes', nli: 'entailed' }),
    ]);
    const onlyPlace = apcScore([
      labelProbabilities({ relevant: 'yes', nli: 'neutral' }),
      labelProbabilities({ relevant: 'yes', nli: 'entailed' }),
    ]);
    const wrongPlace = apcScore([
      labelProbabilities({ relevant: 'yes', nli: 'neutral' }),
      labelProbabilities({ relevant: 'yes', nli: 'contradicted' }),
    ]);
    expect([both.apc, onlyPlace.apc, wrongPlace.apc]).toEqual([2, 1, 0]);
  });

  it('a contradicted active constraint scores 0, as does an unexpressed one', () => {
    expect(constraintScore({ relevance: 1, entailed: 0, neutral: 0, contradicted: 1 })).toBe(0);
    expect(constraintScore({ relevance: 0, entailed: 0, neutral: 1, contradicted: 0 })).toBe(1);
    expect(Number.isNaN(apcScore([]).normalized)).toBe(true);
  });
});
