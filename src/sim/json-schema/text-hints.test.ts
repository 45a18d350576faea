import { describe, expect, it } from 'vitest';
import { readTextHint } from './text-hints.ts';

describe('readTextHint', () => {
  it.each([
    ['Event title, 2-5 words', { unit: 'words', min: 2, max: 5 }],
    ['2 to 3 words', { unit: 'words', min: 2, max: 3 }],
    ['a short first name, one or two words', { unit: 'words', min: 1, max: 2 }],
    ['a scene of about 50 words', { unit: 'words', min: 45, max: 55 }],
    ['~50 words', { unit: 'words', min: 45, max: 55 }],
    ['exactly 4 words', { unit: 'words', min: 4, max: 4 }],
    ['at most 6 words', { unit: 'words', min: 3, max: 6 }],
    ['the day in 2-4 sentences', { unit: 'sentences', min: 2, max: 4 }],
    ['a fact, at most two sentences', { unit: 'sentences', min: 1, max: 2 }],
    ['2-12 characters naming the activity, e.g. "公园散步"', { unit: 'chars', min: 2, max: 12 }],
  ])('reads %j', (description, expected) => {
    expect(readTextHint(description)).toEqual({ kind: 'length', ...expected });
  });

  it('takes the earliest hint when a description has several', () => {
    expect(readTextHint('in Chinese, about 80 characters (40-160; as long as about 50 words)')).toEqual({
      kind: 'length',
      unit: 'chars',
      min: 72,
      max: 88,
    });
    expect(readTextHint('about 50 words (25-90): the scene')).toMatchObject({ unit: 'words', min: 45 });
  });

  it('recognises date and clock placeholders, and nothing in plain descriptions', () => {
    expect(readTextHint('When: YYYY-MM-DD, or relative')).toEqual({ kind: 'date' });
    expect(readTextHint('HH:MM, 24-hour clock, between 08:00 and 21:00')).toEqual({ kind: 'clock' });
    expect(readTextHint('the name of the pet')).toBeUndefined();
    expect(readTextHint(undefined)).toBeUndefined();
  });
});
