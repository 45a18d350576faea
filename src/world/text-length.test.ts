import { describe, expect, it } from 'vitest';
import {
  clipToUnits,
  countUnits,
  isCjkText,
  keepUnits,
  lengthProblem,
  measureText,
  TITLE_LENGTH,
} from './text-length.ts';

describe('counting units across scripts', () => {
  it('counts words in Latin-script text, ignoring punctuation', () => {
    expect(measureText('Walk in park')).toEqual({ unit: 'words', count: 3 });
    expect(measureText("Tea at Pip's — finally!")).toEqual({ unit: 'words', count: 4 });
    expect(countUnits('well-known café')).toBe(2);
  });

  it('counts each CJK character, and a Latin word inside Chinese text as one unit', () => {
    expect(measureText('公园散步')).toEqual({ unit: 'chars', count: 4 });
    expect(measureText('和Pip喝奶茶。')).toEqual({ unit: 'chars', count: 5 });
    expect(countUnits('Kites集市')).toBe(3);
    expect(countUnits('Lunch at the 寿司 bar')).toBe(6);
  });

  it('counts the same for every user; the language picks the range', () => {
    expect(measureText('Kites集市', 'zh')).toEqual({ unit: 'chars', count: 3 });
    expect(measureText('Kites集市', 'en')).toEqual({ unit: 'words', count: 3 });
  });

  it('without a language, a mostly-Latin text with one CJK word is measured against the word range', () => {
    expect(isCjkText('Lunch at the 寿司 bar with friends')).toBe(false);
    expect(measureText('公园散步').unit).toBe('chars');
  });

  it('a Chinese title of two characters and an English word passes for a Chinese-speaking user', () => {
    expect(lengthProblem('title', '公园Frisbee', TITLE_LENGTH, 'zh')).toBeNull();
    expect(lengthProblem('title', '和Pip散步', TITLE_LENGTH, 'zh')).toBeNull();
    // One English word alone is one unit: too short for a title in either language.
    expect(lengthProblem('title', 'Frisbee', TITLE_LENGTH, 'zh')).toBe('title has 1 characters, needs 2-12');
  });
});

describe('lengthProblem', () => {
  it('accepts 2-5 word titles and rejects others with the count', () => {
    expect(lengthProblem('title', 'Walk in park', TITLE_LENGTH)).toBeNull();
    expect(lengthProblem('title', 'Nap', TITLE_LENGTH)).toBe('title has 1 words, needs 2-5');
    expect(lengthProblem('title', 'A very long walk all around the big park', TITLE_LENGTH)).toMatch(
      /has 9 words/,
    );
  });

  it('uses the character range for Chinese', () => {
    expect(lengthProblem('title', '公园散步', TITLE_LENGTH, 'zh')).toBeNull();
    expect(lengthProblem('title', '在公园里和朋友们一起慢慢地散步聊天', TITLE_LENGTH, 'zh')).toMatch(
      /17 characters, needs 2-12/,
    );
  });
});

describe('cutting to a number of units', () => {
  it('keepUnits keeps the text up to the end of the last unit kept', () => {
    expect(keepUnits('A very long walk all around the park', 5)).toBe('A very long walk all');
    expect(keepUnits('和Pip一起去公园散步', 4)).toBe('和Pip一起');
    expect(keepUnits('Walk in park', 5)).toBe('Walk in park');
  });

  it('clipToUnits ends at a sentence when one keeps at least half, else adds an ellipsis', () => {
    expect(clipToUnits('One two three. Four five six seven.', 5)).toBe('One two three.');
    expect(clipToUnits('One. Two three four five six seven', 5)).toBe('One. Two three four five…');
    expect(clipToUnits('她醒了。她伸了个懒腰，然后去窗边晒太阳。', 6)).toBe('她醒了。');
    expect(countUnits(clipToUnits('word '.repeat(200), 90))).toBe(90);
  });
});
