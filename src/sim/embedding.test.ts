import { describe, expect, it } from 'vitest';
import { embedText } from './embedding.ts';

const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

describe('embedText', () => {
  it('returns deterministic unit vectors of the requested size', () => {
    const v = embedText('The cat sleeps on the warm windowsill', 256);
    expect(v).toHaveLength(256);
    expect(cosine(v, v)).toBeCloseTo(1, 10);
    expect(embedText('The cat sleeps on the warm windowsill', 256)).toEqual(v);
    expect(cosine(embedText('', 64), embedText('', 64))).toBeCloseTo(1, 10);
  });

  it('ranks texts that share words above unrelated ones', () => {
    const query = embedText('my dog loves walks in the park', 256);
    const related = embedText('The dog had a long walk in the park today', 256);
    const unrelated = embedText('Quarterly revenue grew because of cloud subscriptions', 256);
    expect(cosine(query, related)).toBeGreaterThan(0.4);
    expect(Math.abs(cosine(query, unrelated))).toBeLessThan(0.2);
  });

  it('is case-insensitive and weights stopwords lightly', () => {
    expect(cosine(embedText('Pizza Night', 256), embedText('pizza night', 256))).toBeCloseTo(1, 10);
    const a = embedText('the cat is on the mat', 256);
    const b = embedText('the stock is on the rise', 256);
    expect(cosine(a, b)).toBeLessThan(0.3);
  });

  it('matches Chinese text by shared characters and bigrams', () => {
    const query = embedText('我喜欢小猫', 256);
    const related = embedText('小猫很可爱，我喜欢它', 256);
    const unrelated = embedText('明天公司开会讨论预算', 256);
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated) + 0.3);
  });
});
