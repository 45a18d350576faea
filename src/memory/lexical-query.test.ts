import { describe, expect, it } from 'vitest';
import { lexicalQuery } from './lexical-query.ts';

describe('lexicalQuery', () => {
  it('keeps the words of a query with a content word, and nothing of a query of stop words only', () => {
    expect(lexicalQuery("What tea do I love? Mia's")).toBe('what tea do i love mia');
    expect(lexicalQuery('the and of')).toBe('');
    expect(lexicalQuery('And what about you?')).toBe('');
  });

  it('segments Chinese and needs a content word there too', () => {
    const words = lexicalQuery('我最喜欢的茶是茉莉花茶').split(' ');
    expect(words).toContain('的');
    expect(words.join('')).toContain('茉莉');
    expect(lexicalQuery('我们的 是 了')).toBe('');
  });
});
