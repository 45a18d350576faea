import { segmentWords } from '../../core/index.ts';

/**
 * ROUGE-L (Lin 2004), as RoleCraft-GLM reports it: the longest common subsequence (LCS) of candidate and
 * reference tokens, R = LCS / |reference|, P = LCS / |candidate|, F = (1 + b^2) P R / (R + b^2 P) with b = 1
 * (the F1 most toolkits report). Tokens: words for alphabetic scripts (lower-cased, NFKC, punctuation dropped),
 * one token per character for Chinese (and Japanese kana), so "我喜欢" counts as three tokens.
 */
export interface RougeL {
  precision: number;
  recall: number;
  f: number;
  lcs: number;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

export function rougeTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const word of segmentWords(text)) {
    if (!CJK.test(word)) {
      tokens.push(word);
      continue;
    }
    let run = '';
    for (const ch of word) {
      if (CJK.test(ch)) {
        if (run) tokens.push(run);
        run = '';
        tokens.push(ch);
      } else run += ch;
    }
    if (run) tokens.push(run);
  }
  return tokens;
}

/** Length of the longest common subsequence (two-row dynamic programme, O(|a| |b|) time). */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let previous = new Array<number>(b.length + 1).fill(0);
  let current = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    for (let j = 1; j <= b.length; j++) {
      current[j] =
        x === b[j - 1]
          ? (previous[j - 1] as number) + 1
          : Math.max(previous[j] as number, current[j - 1] as number);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] as number;
}

export function rougeL(candidate: string, reference: string, beta = 1): RougeL {
  const c = rougeTokens(candidate);
  const r = rougeTokens(reference);
  const lcs = lcsLength(c, r);
  if (lcs === 0) return { precision: 0, recall: 0, f: 0, lcs };
  const precision = lcs / c.length;
  const recall = lcs / r.length;
  const b2 = beta * beta;
  return { precision, recall, f: ((1 + b2) * precision * recall) / (recall + b2 * precision), lcs };
}
