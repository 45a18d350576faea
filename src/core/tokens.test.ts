import { describe, expect, it } from 'vitest';
import { estimateTokens } from './tokens.ts';

describe('estimateTokens', () => {
  it('counts English at about four characters per token, rounded up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens('The cat sat on the warm windowsill.')).toBe(9); // 35 characters
  });

  it('counts each Chinese character (and full-width punctuation) as a token', () => {
    expect(estimateTokens('我今天很开心')).toBe(6);
    expect(estimateTokens('你好，世界！')).toBe(6);
    // a quarter token per character would undercount Chinese four times over
    const zh = '我们明天一起去公园散步吧'.repeat(10);
    expect(estimateTokens(zh)).toBe(zh.length);
  });

  it('adds the two rates in mixed text', () => {
    // "I am " is 5 Latin characters (2 tokens), then 2 Han characters
    expect(estimateTokens('I am 开心')).toBe(2 + 2);
    expect(estimateTokens('ipet 是一个宠物')).toBe(2 + 5);
  });
});
