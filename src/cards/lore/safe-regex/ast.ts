/** Syntax tree of the regex subset ipet runs (see parse.ts for what is accepted). */
export type ClassEscape = 'd' | 'D' | 'w' | 'W' | 's' | 'S';
export type ClassItem = { lo: number; hi: number } | { escape: ClassEscape };
export type AssertKind = 'line-start' | 'line-end' | 'word-boundary' | 'not-word-boundary';

export type RegexNode =
  | { type: 'char'; cp: number }
  | { type: 'any' }
  | { type: 'class'; negated: boolean; items: ClassItem[] }
  | { type: 'assert'; kind: AssertKind }
  | { type: 'seq'; items: RegexNode[] }
  | { type: 'alt'; options: RegexNode[] }
  | { type: 'repeat'; node: RegexNode; min: number; max: number };

/** A pattern outside the supported subset, or malformed. The message says which construct. */
export class UnsupportedRegexError extends Error {
  override readonly name = 'UnsupportedRegexError';
}
