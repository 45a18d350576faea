import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { wordCountHint } from './word-hints.ts';

describe('wordCountHint', () => {
  const range = (description: string) => {
    const counts = new Set<number | undefined>();
    for (let seed = 1; seed <= 60; seed++) counts.add(wordCountHint(description, createRng(seed)));
    return counts;
  };

  it('reads ranges, approximate and exact counts', () => {
    expect(range('Event title, 2-5 words')).toEqual(new Set([2, 3, 4, 5]));
    expect(range('2 to 3 words')).toEqual(new Set([2, 3]));
    for (const n of range('a scene of about 50 words')) expect(n).toBeGreaterThanOrEqual(45);
    for (const n of range('~50 words')) expect(n).toBeLessThanOrEqual(55);
    expect(range('exactly 4 words')).toEqual(new Set([4]));
    for (const n of range('at most 6 words')) expect(n).toBeLessThanOrEqual(6);
  });

  it('returns undefined without a hint', () => {
    expect(wordCountHint('the name of the pet', createRng(1))).toBeUndefined();
    expect(wordCountHint(undefined, createRng(1))).toBeUndefined();
  });
});
