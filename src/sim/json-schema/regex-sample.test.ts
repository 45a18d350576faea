import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { parseRegex, RegexSyntaxError } from './regex-ast.ts';
import { samplePattern } from './regex-sample.ts';

const SUPPORTED = [
  '^([01]\\d|2[0-3]):[0-5]\\d$',
  '^[A-Z][a-z]{2,6}$',
  '^\\d{3}-\\d{4}$',
  '^[a-z0-9_]+@[a-z]+\\.(com|org)$',
  '^(?:ab|cd)+x?$',
  '^[^\\s,]{4}$',
  '^\\w+\\s\\w+$',
  '^#[0-9a-fA-F]{6}$',
  '^(a|b)\\1$',
  '^(?<word>[a-c]{2})-\\d*$',
  '^[\\d.]{3,}$',
  'cat',
  '^\\u00e9\\x41\\.$',
  '^[-+]?\\d+(\\.\\d{1,2})?$',
];

describe('samplePattern', () => {
  it.each(SUPPORTED)('generates strings matching %s', (pattern) => {
    const regex = new RegExp(pattern, 'u');
    for (let seed = 1; seed <= 40; seed++) {
      const sample = samplePattern(pattern, createRng(seed));
      expect(sample.matched).toBe(true);
      expect(sample.value).toMatch(regex);
    }
  });

  it('varies the output with the seed (the time pattern covers many times)', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 60; seed++)
      seen.add(samplePattern('^([01]\\d|2[0-3]):[0-5]\\d$', createRng(seed)).value);
    expect(seen.size).toBeGreaterThan(30);
  });

  it('applies extra constraints through accept', () => {
    const sample = samplePattern('^a+$', createRng(3), (v) => v.length >= 3);
    expect(sample.value.length).toBeGreaterThanOrEqual(3);
  });

  it('says so when it cannot produce a match', () => {
    expect(samplePattern('^(?=x)y$', createRng(1)).matched).toBe(false);
    expect(samplePattern('(unclosed', createRng(1)).matched).toBe(false);
  });
});

describe('parseRegex', () => {
  it('rejects syntax it cannot read and flags approximations', () => {
    expect(() => parseRegex('a)')).toThrow(RegexSyntaxError);
    expect(() => parseRegex('*a')).toThrow(RegexSyntaxError);
    expect(parseRegex('^(?!x)a$').approximate).toBe(true);
    expect(parseRegex('^a{2,3}$').approximate).toBe(false);
  });
});
