import { describe, expect, it } from 'vitest';
import { commonPrefixLength, sharedPrefixTokens } from './tokens.ts';

describe('shared prefix tokens', () => {
  it('sums, per prompt, the longest prefix shared with another prompt', () => {
    const stem = 'x'.repeat(400);
    expect(commonPrefixLength(`${stem}A`, `${stem}B`)).toBe(400);
    // the two `stem` prompts share 400 chars (100 tokens each); the odd one shares nothing
    expect(sharedPrefixTokens([`${stem}A`, `${stem}B`, 'different'])).toBe(200);
    expect(sharedPrefixTokens(['only one'])).toBe(0);
  });

  it('counts a shared Chinese prefix at a token or more per character', () => {
    const stem = '今天我们去公园散步。'.repeat(10); // 100 characters
    expect(sharedPrefixTokens([`${stem}甲`, `${stem}乙`])).toBe(200);
  });
});
