import type { Locale } from '../core/index.ts';
import { EN_CRISIS_PATTERNS } from './crisis-patterns-en.ts';
import { ZH_CRISIS_PATTERNS } from './crisis-patterns-zh.ts';
import { EN_CRISIS_SIGNALS } from './crisis-signals-en.ts';
import { ZH_CRISIS_SIGNALS } from './crisis-signals-zh.ts';
import {
  type CrisisCategory,
  type CrisisLevel,
  type CrisisPattern,
  levelRank,
  maxLevel,
} from './crisis-types.ts';
import { screeningVariants } from './normalize.ts';

export interface PatternScreening {
  level: CrisisLevel;
  /** Category of the strongest hit (`none` when nothing matched). */
  category: CrisisCategory;
  /** Ids of the patterns that matched (`en.suicide.kms`), sorted. Never the text. */
  signals: string[];
}

export interface CrisisScreeningContext {
  /**
   * The user's previous messages in this conversation, oldest first. Only the last `CONTEXT_TURNS` are read,
   * by the patterns that need what came before (method-seeking after a loss, "me too" after a story).
   */
  previous?: readonly string[];
}

/** How many of the user's previous turns the multi-turn patterns look back on. */
export const CONTEXT_TURNS = 2;

const BY_LOCALE: Record<Locale, CrisisPattern[]> = {
  en: [...EN_CRISIS_PATTERNS, ...EN_CRISIS_SIGNALS],
  zh: [...ZH_CRISIS_PATTERNS, ...ZH_CRISIS_SIGNALS],
};
const GLOBAL = new Map<CrisisPattern, RegExp>();

const SENTENCE_END = /[.!?;。！？；\n]/;

/**
 * Screens one message with the curated patterns. Every language's patterns run whatever `locale` says,
 * because people switch languages mid-chat (a zh user typing "kms") and the scripts do not overlap;
 * `locale` only decides which language's hit names the category when two hits have the same level.
 * Pure and synchronous: it runs before the model is asked and still decides when the model fails.
 */
export function detectCrisisPatterns(
  text: string,
  locale: Locale = 'en',
  context: CrisisScreeningContext = {},
): PatternScreening {
  const variants = screeningVariants(text);
  const before = (context.previous ?? []).slice(-CONTEXT_TURNS).map(contextForm).join('\n');
  const ordered = allPatterns(locale);
  let level: CrisisLevel = 'none';
  let category: CrisisCategory = 'none';
  const signals = new Set<string>();
  for (const pattern of ordered) {
    if (!variants.some((v) => matches(pattern, v, before))) continue;
    signals.add(pattern.id);
    if (levelRank(pattern.level) > levelRank(level)) category = pattern.category;
    level = maxLevel(level, pattern.level);
  }
  return { level, category, signals: [...signals].sort() };
}

function allPatterns(first: Locale): CrisisPattern[] {
  const rest = (Object.keys(BY_LOCALE) as Locale[]).filter((l) => l !== first);
  return [...BY_LOCALE[first], ...rest.flatMap((l) => BY_LOCALE[l])];
}

function matches(pattern: CrisisPattern, text: string, before: string): boolean {
  if (pattern.with && !pattern.with.every((re) => re.test(text))) return false;
  const re = globalOf(pattern);
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const cancelled = pattern.unless?.test(sentenceAround(text, m.index, m[0].length)) ?? false;
    const earlier = `${before}\n${text.slice(0, m.index)}`;
    if (!cancelled && (pattern.after ?? []).every((after) => after.test(earlier))) return true;
    if (m[0].length === 0) re.lastIndex++;
  }
  return false;
}

/** A previous turn as the patterns read it (the plain normalised form, without the spelled-out variants). */
function contextForm(turn: string): string {
  return screeningVariants(turn)[0] ?? '';
}

function globalOf(pattern: CrisisPattern): RegExp {
  let re = GLOBAL.get(pattern);
  if (!re) {
    re = new RegExp(pattern.re.source, `${pattern.re.flags.replace('g', '')}g`);
    GLOBAL.set(pattern, re);
  }
  return re;
}

function sentenceAround(text: string, start: number, length: number): string {
  let from = start;
  while (from > 0 && !SENTENCE_END.test(text.charAt(from - 1))) from--;
  let to = start + length;
  while (to < text.length && !SENTENCE_END.test(text.charAt(to))) to++;
  return text.slice(from, to);
}
