/** Vocabulary shared by the pattern detector, the model classifier and the turn assessment. */

export const CRISIS_LEVELS = ['none', 'concern', 'crisis'] as const;
export type CrisisLevel = (typeof CRISIS_LEVELS)[number];

export const CRISIS_CATEGORIES = ['suicide', 'self_harm', 'harm_to_others', 'abuse', 'none'] as const;
export type CrisisCategory = (typeof CRISIS_CATEGORIES)[number];

const RANK: Record<CrisisLevel, number> = { none: 0, concern: 1, crisis: 2 };

export function maxLevel(a: CrisisLevel, b: CrisisLevel): CrisisLevel {
  return RANK[a] >= RANK[b] ? a : b;
}

export function levelRank(level: CrisisLevel): number {
  return RANK[level];
}

/**
 * One curated pattern. `re` is tried against every screening variant of the text (see `normalize.ts`);
 * `unless` is tried against the sentence that holds the match and cancels that match (accidents, idioms).
 * Ids are stable: they are what gets counted and logged, never the text.
 */
export interface CrisisPattern {
  id: string;
  level: Exclude<CrisisLevel, 'none'>;
  category: Exclude<CrisisCategory, 'none'>;
  re: RegExp;
  unless?: RegExp;
  /**
   * Each must also match somewhere in the same message, in any order: how indirect signals are told from
   * their look-alikes (pills + saved up + tonight, not "take my pills tonight").
   */
  with?: readonly RegExp[];
  /**
   * Each must match in what the user said before the hit: their previous turns (`detectCrisisPatterns`'s
   * `previous`) or earlier in the same message. A question about bridge heights right after a loss, a
   * "me too" right after a story about a character who wants to die.
   */
  after?: readonly RegExp[];
}
