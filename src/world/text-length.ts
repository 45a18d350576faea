/**
 * Length of short generated texts in the units a reader sees, for every script at once: each CJK character
 * (Han, kana, Hangul) is one unit, and each run of other letters or digits is one unit, a word ("it's" and
 * "well-known" are one). So "Walk in park" is 3, "公园散步" is 4, "和Pip喝奶茶" is 5 (a Latin word inside a
 * Chinese title counts as one unit, like a character) and "Lunch at the 寿司 bar" is 6. Punctuation and
 * spaces never count.
 *
 * The count is the same for every user; the user's language picks the range it must fall in: words for an
 * English-speaking user, characters for a Chinese-speaking one (without a language, a text counts as CJK
 * when at least a third of its letters are CJK).
 */
import type { Locale } from '../core/index.ts';

export type LengthUnit = 'words' | 'chars';

export interface TextLength {
  unit: LengthUnit;
  count: number;
}

/** Inclusive bounds per unit: `words` for English-speaking users, `chars` for Chinese-speaking ones. */
export interface LengthRange {
  words: readonly [min: number, max: number];
  chars: readonly [min: number, max: number];
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
const LATIN_WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const LETTER = /[\p{L}\p{N}]/gu;

export function isCjkText(text: string): boolean {
  const cjk = text.match(CJK)?.length ?? 0;
  const letters = text.match(LETTER)?.length ?? 0;
  return letters > 0 && cjk * 3 >= letters;
}

export function unitOf(text: string, locale?: Locale): LengthUnit {
  if (locale) return locale === 'zh' ? 'chars' : 'words';
  return isCjkText(text) ? 'chars' : 'words';
}

/** Where each unit of `text` ends (exclusive), in order. */
function unitEnds(text: string): number[] {
  const cjk = [...text.matchAll(CJK)].map((m) => m.index + m[0].length);
  // CJK characters become spaces of the same length, so words around them keep their offsets.
  const rest = text.replace(CJK, (c) => ' '.repeat(c.length));
  const words = [...rest.matchAll(LATIN_WORD)].map((m) => m.index + m[0].length);
  return [...cjk, ...words].sort((a, b) => a - b);
}

export function countUnits(text: string): number {
  return unitEnds(text).length;
}

export function measureText(text: string, locale?: Locale): TextLength {
  return { unit: unitOf(text, locale), count: countUnits(text) };
}

/** A problem sentence when `text` falls outside `range`, else null. */
export function lengthProblem(
  what: string,
  text: string,
  range: LengthRange,
  locale?: Locale,
): string | null {
  const { unit, count } = measureText(text, locale);
  const [min, max] = range[unit];
  if (count >= min && count <= max) return null;
  const noun = unit === 'words' ? 'words' : 'characters';
  return `${what} has ${count} ${noun}, needs ${min}-${max}`;
}

/** `text` up to the end of its `max`-th unit (the whole text when it has no more); punctuation after it goes. */
export function keepUnits(text: string, max: number): string {
  const ends = unitEnds(text);
  if (ends.length <= max) return text;
  return text.slice(0, ends[max - 1]).trimEnd();
}

const SENTENCE_END = /[.!?。！？…][”"’'」』)）]*/gu;

/**
 * `text` cut to at most `max` units, at the last sentence end that keeps at least half of them (else at a
 * unit, with an ellipsis), so a clipped detail still reads as prose.
 */
export function clipToUnits(text: string, max: number): string {
  const kept = keepUnits(text, max);
  if (kept === text) return text;
  const floor = Math.ceil(max / 2);
  const ends = [...kept.matchAll(SENTENCE_END)].map((m) => m.index + m[0].length);
  const sentenceEnd = ends.reverse().find((end) => countUnits(kept.slice(0, end)) >= floor);
  return sentenceEnd === undefined ? `${kept}…` : kept.slice(0, sentenceEnd);
}

/** Schedule titles: 2-5 words, as in the paper ("10:00 Walk in park"); 2-12 CJK characters. */
export const TITLE_LENGTH: LengthRange = { words: [2, 5], chars: [2, 12] };
/**
 * Item details, "approximately 50 words": at most 90 words (160 CJK characters), clipped beyond. The lower
 * bound is in code points (`DETAIL_MIN_CHARS`), which JSON Schema's minLength carries exactly.
 */
export const DETAIL_LENGTH: LengthRange = { words: [1, 90], chars: [1, 160] };
