import { describe, expect, it } from 'vitest';
import { commonPrefixLength, estimateTokens, sharedPrefixTokens } from './tokens.ts';

describe('token estimates', () => {
  it('estimates tokens as characters / 4, rounded up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcde')).toBe(2);
  });

  it('sums, per prompt, the longest prefix shared with another prompt', () => {
    const stem = 'x'.repeat(400);
    expect(commonPrefixLength(`${stem}A`, `${stem}B`)).toBe(400);
    // the two `stem` prompts share 400 chars (100 tokens each); the odd one shares nothing
    expect(sharedPrefixTokens([`${stem}A`, `${stem}B`, 'different'])).toBe(200);
    expect(sharedPrefixTokens(['only one'])).toBe(0);
  });
});
