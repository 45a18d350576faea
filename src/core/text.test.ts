import { describe, expect, it } from 'vitest';
import { segmentWords } from './text.ts';

describe('segmentWords', () => {
  it('lower-cases English and drops punctuation', () => {
    expect(segmentWords('Hiking in the Alps, 2024!')).toEqual(['hiking', 'in', 'the', 'alps', '2024']);
  });

  it('splits Chinese written without spaces into words', () => {
    expect(segmentWords('我喜欢吃苹果。')).toEqual(['我', '喜欢', '吃', '苹果']);
  });

  it('normalises full-width characters', () => {
    expect(segmentWords('Ｃａｔ')).toEqual(['cat']);
  });

  it('returns nothing for punctuation only', () => {
    expect(segmentWords(' ,.!？ ')).toEqual([]);
  });
});
