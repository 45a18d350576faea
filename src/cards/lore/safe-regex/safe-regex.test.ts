import { describe, expect, it } from 'vitest';
import { compileSafeRegex, UnsupportedRegexError } from './index.ts';

const safe = (key: string, caseSensitive = false) => compileSafeRegex(key, { caseSensitive });

describe('compileSafeRegex', () => {
  // Each pattern is checked against JavaScript's own RegExp on the same texts: same yes/no answers.
  const patterns = [
    'dragon',
    '\\bdrag(on|ons)\\b',
    '^hello',
    'world$',
    'colou?r',
    'a{2,3}b',
    'a{2}',
    'x{1,}y',
    '[a-c]+z',
    '[^aeiou\\s]{3}',
    '\\d{3}-\\d{4}',
    '(?:king|queen)\\s+\\w+',
    '(?<place>tower|keep) of',
    'f.o',
    'a|b|c',
    '\\Bend',
    '[\\d-x]',
    '\\x41\\u0042',
    'a{,2}',
    'caf\u00e9',
    '[]',
    '(a|)+b',
    '(?:a*)*c',
  ];
  const texts = [
    'The dragon sleeps',
    'dragons',
    'DRAGON',
    'hello world',
    'Hello World',
    'say hello',
    'colour color colr',
    'aab aaab ab',
    'xxy y',
    'abcz bz',
    'rhythm strength',
    'call 555-1234 now',
    'the Queen   Mab',
    'king',
    'Tower of dusk',
    'foo f\no',
    'weekend end',
    'AB x-',
    'a{,2}',
    'CAFÉ café',
    '',
    'aaab b',
    'ccc',
  ];
  for (const pattern of patterns) {
    for (const flags of ['', 'i', 'm', 's']) {
      it(`/${pattern}/${flags} agrees with RegExp`, () => {
        const native = new RegExp(pattern, flags);
        const ours = safe(`/${pattern}/${flags}`);
        for (const text of texts) expect([text, ours.test(text)]).toEqual([text, native.test(text)]);
      });
    }
  }

  it('treats a bare key as case-insensitive unless the entry is case-sensitive', () => {
    expect(safe('Dragon').test('a DRAGON')).toBe(true);
    expect(safe('Dragon', true).test('a DRAGON')).toBe(false);
    expect(safe('Dragon', true).test('a Dragon')).toBe(true);
  });

  it('runs catastrophic patterns in linear time', () => {
    const evil = `${'a'.repeat(20_000)}!`;
    for (const pattern of ['/(a+)+$/', '/(a|aa)*b/', '/(a*)*b/', '/(\\w+\\s?)*$/', '/a*a*a*a*a*b/']) {
      const started = performance.now();
      expect(safe(pattern).test(evil)).toBe(pattern === '/(\\w+\\s?)*$/');
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });

  it.each([
    ['/(a)\\1/', 'backreferences'],
    ['/(?=a)b/', 'lookahead'],
    ['/(?<!a)b/', 'lookbehind'],
    ['/\\p{L}/u', 'Unicode property'],
    ['/a/x', 'unsupported flag'],
    ['/a{500}/', 'repetition counts'],
    ['/((a{99}){99})/', 'too complex'],
    ['/(abc/', 'unterminated group'],
    ['/abc)/', 'unmatched'],
    ['/*a/', 'nothing to repeat'],
    ['/[z-a]/', 'out of order'],
    [`/${'a'.repeat(400)}/`, 'longer than'],
  ])('refuses %s (%s)', (key, message) => {
    expect(() => safe(key)).toThrow(UnsupportedRegexError);
    expect(() => safe(key)).toThrow(message);
  });
});
