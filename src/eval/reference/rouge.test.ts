import { describe, expect, it } from 'vitest';
import { lcsLength, rougeL, rougeTokens } from './rouge.ts';

describe('ROUGE-L', () => {
  it("reproduces Lin's (2004) examples", () => {
    const reference = 'police killed the gunman';
    const a = rougeL('police kill the gunman', reference);
    expect(a.lcs).toBe(3);
    expect(a.f).toBeCloseTo(0.75, 10);
    const b = rougeL('the gunman kill police', reference);
    expect(b.lcs).toBe(2);
    expect(b.f).toBeCloseTo(0.5, 10);
  });

  it('uses precision and recall of different lengths in F1', () => {
    // LCS "the cat sat" = 3; P = 3/3, R = 3/6, F = 2 * 1 * 0.5 / 1.5
    const r = rougeL('The cat sat.', 'the black cat sat down quietly');
    expect(r).toMatchObject({ lcs: 3, precision: 1, recall: 0.5 });
    expect(r.f).toBeCloseTo(2 / 3, 10);
  });

  it('tokenises Chinese by characters and English by words', () => {
    expect(rougeTokens('我喜欢吃苹果！')).toEqual(['我', '喜', '欢', '吃', '苹', '果']);
    expect(rougeTokens("Mochi's GPT4模型, ok")).toEqual(["mochi's", 'gpt4', '模', '型', 'ok']);
    const r = rougeL('我不喜欢苹果', '我喜欢吃苹果');
    expect(r.lcs).toBe(5);
    expect(r.f).toBeCloseTo(5 / 6, 10);
  });

  it('is zero with nothing in common or an empty side', () => {
    expect(rougeL('', 'something').f).toBe(0);
    expect(rougeL('abc', 'xyz').f).toBe(0);
    expect(lcsLength(['a', 'b', 'c', 'b', 'd', 'a', 'b'], ['b', 'd', 'c', 'a', 'b', 'a'])).toBe(4);
  });
});
