import { describe, expect, it } from 'vitest';
import { assignVariant } from './assign-variant.ts';

const users = Array.from({ length: 20_000 }, (_, i) => `usr_${i}`);
const share = (assigned: string[], variant: string) =>
  assigned.filter((v) => v === variant).length / assigned.length;

describe('assignVariant', () => {
  it('is stable: the same user always lands in the same variant', () => {
    const first = users
      .slice(0, 200)
      .map((u) => assignVariant(u, 'world-sim', ['control', 'treatment'], 's1'));
    const again = users
      .slice(0, 200)
      .map((u) => assignVariant(u, 'world-sim', ['control', 'treatment'], 's1'));
    expect(again).toEqual(first);
    expect(assignVariant('usr_42', 'world-sim', ['control', 'treatment'], 's1')).toBe(first[42]);
  });

  it('splits users evenly (20,000 users: each share within 1.5 points)', () => {
    const two = users.map((u) => assignVariant(u, 'world-sim', ['control', 'treatment'], 's1'));
    expect(Math.abs(share(two, 'control') - 0.5)).toBeLessThan(0.015);
    const three = users.map((u) => assignVariant(u, 'exp3', ['a', 'b', 'c'], 's1'));
    for (const v of ['a', 'b', 'c']) expect(Math.abs(share(three, v) - 1 / 3)).toBeLessThan(0.015);
  });

  it('is independent across experiments and salts', () => {
    const a = users.map((u) => assignVariant(u, 'world-sim', ['control', 'treatment'], 's1'));
    const otherExperiment = users.map((u) => assignVariant(u, 'memory', ['control', 'treatment'], 's1'));
    const otherSalt = users.map((u) => assignVariant(u, 'world-sim', ['control', 'treatment'], 's2'));
    const agreement = (x: string[], y: string[]) => x.filter((v, i) => v === y[i]).length / x.length;
    expect(Math.abs(agreement(a, otherExperiment) - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(agreement(a, otherSalt) - 0.5)).toBeLessThan(0.02);
  });

  it('rejects an empty or duplicated variant list', () => {
    expect(() => assignVariant('u', 'e', [], 's')).toThrow(RangeError);
    expect(() => assignVariant('u', 'e', ['a', 'a'], 's')).toThrow(/distinct/);
    expect(assignVariant('u', 'e', ['only'], 's')).toBe('only');
  });
});
