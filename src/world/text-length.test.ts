import { describe, expect, it } from 'vitest';
import { DETAIL_LENGTH, isCjkText, lengthProblem, measureText, TITLE_LENGTH } from './text-length.ts';

describe('measureText', () => {
  it('counts words in Latin-script text, ignoring punctuation', () => {
    expect(measureText('Walk in park')).toEqual({ unit: 'words', count: 3 });
    expect(measureText("Tea at Pip's — finally!")).toEqual({ unit: 'words', count: 4 });
  });

  it('counts characters in CJK text, plus Latin words inside it', () => {
    expect(measureText('公园散步')).toEqual({ unit: 'chars', count: 4 });
    expect(measureText('和Pip喝奶茶。')).toEqual({ unit: 'chars', count: 5 });
  });

  it('always counts characters for a Chinese-speaking user', () => {
    expect(measureText('Kites集市', 'zh')).toEqual({ unit: 'chars', count: 3 });
    expect(measureText('Kites集市', 'en')).toEqual({ unit: 'words', count: 1 });
  });

  it('treats a mostly-Latin text with one CJK word as Latin', () => {
    expect(isCjkText('Lunch at the 寿司 bar with friends')).toBe(false);
  });
});

describe('lengthProblem', () => {
  it('accepts 2-5 word titles and rejects longer ones with the count', () => {
    expect(lengthProblem('title', 'Walk in park', TITLE_LENGTH)).toBeNull();
    expect(lengthProblem('title', 'Nap', TITLE_LENGTH)).toBe('title has 1 words, needs 2-5');
    expect(lengthProblem('title', 'A very long walk all around the big park', TITLE_LENGTH)).toMatch(
      /has 9 words/,
    );
  });

  it('uses the character range for CJK', () => {
    expect(lengthProblem('title', '公园散步', TITLE_LENGTH)).toBeNull();
    expect(lengthProblem('title', '在公园里和朋友们一起慢慢地散步聊天', TITLE_LENGTH)).toMatch(
      /characters, needs 2-12/,
    );
    expect(lengthProblem('detail', '短。', DETAIL_LENGTH)).toMatch(/needs 40-160/);
  });
});
