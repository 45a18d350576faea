import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { zh } from '../i18n/zh.ts';
import { errorWords } from './error-words.ts';

describe('errorWords', () => {
  it('gives every known code its own sentence in en and zh, never the raw server text', () => {
    for (const code of [
      'model_unavailable',
      'limit_exceeded',
      'network',
      'interrupted',
      'conflict',
      'config',
    ]) {
      const key = errorWords(code);
      expect(key).not.toBe('error.unknown');
      expect(en[key]).toBeTruthy();
      expect(zh[key]).toBeTruthy();
      expect(en[key]).not.toMatch(/circuit/i);
    }
    expect(errorWords('model_unavailable')).toBe('error.modelUnavailable');
  });

  it('falls back to a general sentence for an unknown or missing code', () => {
    expect(errorWords('something_new')).toBe('error.unknown');
    expect(errorWords(undefined)).toBe('error.unknown');
  });
});
