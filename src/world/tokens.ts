import { estimateTokens } from '../core/index.ts';

/**
 * Prompt-size accounting for cache-friendly layouts, on the project's token estimate: used to compare
 * layouts and report how much of a day's input a prefix cache can serve, not to bill.
 */
export function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * Estimated prompt tokens that fall in a prefix shared with another prompt of the same batch: for each prompt,
 * the longest prefix it has in common with any other one, summed. A prefix cache serves these tokens for
 * every call after the first that sent them.
 */
export function sharedPrefixTokens(prompts: readonly string[]): number {
  let total = 0;
  for (let i = 0; i < prompts.length; i++) {
    let best = 0;
    for (let j = 0; j < prompts.length; j++) {
      if (i === j) continue;
      best = Math.max(best, commonPrefixLength(prompts[i]!, prompts[j]!));
    }
    total += estimateTokens(prompts[i]!.slice(0, best));
  }
  return total;
}
