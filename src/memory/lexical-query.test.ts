import { describe, expect, it } from 'vitest';
import { lexicalQuery } from './lexical-query.ts';

describe('lexicalQuery', () => {
  it('keeps content words only', () => {
    expect(lexicalQuery('What tea do I love?')).toBe('tea love');
    expect(lexicalQuery('the and of')).toBe('');
  });

  it('segments and filters Chinese', () => {
    const words = lexicalQuery('我最喜欢的茶是茉莉花茶').split(' ');
    expect(words).not.toContain('我');
    expect(words).not.toContain('的');
    expect(words.join('')).toContain('茉莉');
  });
});
