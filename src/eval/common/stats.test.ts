import { describe, expect, it } from 'vitest';
import {
  meanInterval,
  rateDifference,
  studentTQuantile,
  summarize,
  welchInterval,
  wilsonInterval,
} from './stats.ts';

describe('summarize', () => {
  it('gives the mean and the sample (n - 1) standard deviation', () => {
    expect(summarize([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ n: 8, mean: 5, std: Math.sqrt(32 / 7) });
    expect(summarize([3])).toEqual({ n: 1, mean: 3, std: 0 });
    expect(summarize([]).n).toBe(0);
  });
});

describe('Wilson interval', () => {
  it('matches published values', () => {
    const none = wilsonInterval(0, 10);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 4);
    const half = wilsonInterval(5, 10);
    expect(half.low).toBeCloseTo(0.2366, 4);
    expect(half.high).toBeCloseTo(0.7634, 4);
    const rate = wilsonInterval(56, 100);
    expect(rate.low).toBeCloseTo(0.4623, 4);
    expect(rate.high).toBeCloseTo(0.6533, 4);
  });
});

describe('difference of two rates (Newcombe hybrid score)', () => {
  it("reproduces Newcombe's 1998 example 56/70 vs 48/80 (0.0524 to 0.3339)", () => {
    const d = rateDifference({ successes: 48, n: 80 }, { successes: 56, n: 70 });
    expect(d.diff).toBeCloseTo(0.2, 10);
    expect(d.low).toBeCloseTo(0.0524, 4);
    expect(d.high).toBeCloseTo(0.3339, 4);
  });
});

describe("Student's t and Welch", () => {
  it('t quantiles match tables', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 4);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228139, 5);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.042272, 5);
    expect(studentTQuantile(0.975, 7.5)).toBeCloseTo(2.33304, 5);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228139, 5);
  });

  it('Welch interval matches scipy (df 79.87, 0.6152 to 2.7848)', () => {
    const w = welchInterval({ n: 40, mean: 3.5, std: 2.1 }, { n: 45, mean: 5.2, std: 2.9 });
    expect(w.diff).toBeCloseTo(1.7, 10);
    expect(w.df).toBeCloseTo(79.8676, 3);
    expect(w.low).toBeCloseTo(0.61518, 4);
    expect(w.high).toBeCloseTo(2.78482, 4);
  });

  it('one mean: t interval with n - 1 degrees of freedom', () => {
    const i = meanInterval({ n: 11, mean: 10, std: 2 });
    expect(i.high - 10).toBeCloseTo((2.228139 * 2) / Math.sqrt(11), 5);
    expect(Number.isNaN(meanInterval({ n: 1, mean: 1, std: 0 }).low)).toBe(true);
  });
});
