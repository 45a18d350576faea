/**
 * Length of short generated texts, measured the way a reader would: words for space-separated languages,
 * characters for Chinese/Japanese/Korean, where a "word" is not delimited. For a Chinese-speaking user the
 * unit is always characters; otherwise a text counts as CJK when at least a third of its letters are CJK.
 * In character mode the length is the CJK characters plus any Latin words ("和Pip喝奶茶" is 5).
 * Punctuation never counts.
 */
import type { Locale } from '../core/index.ts';

export type LengthUnit = 'words' | 'chars';

export interface TextLength {
  unit: LengthUnit;
  count: number;
}

/** Inclusive bounds per unit: `words` for Latin-script text, `chars` for CJK text. */
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

export function measureText(text: string, locale?: Locale): TextLength {
  if (locale === 'zh' || isCjkText(text)) {
    const cjk = text.match(CJK)?.length ?? 0;
    const latinWords = text.replace(CJK, ' ').match(LATIN_WORD)?.length ?? 0;
    return { unit: 'chars', count: cjk + latinWords };
  }
  return { unit: 'words', count: text.match(LATIN_WORD)?.length ?? 0 };
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

/** Schedule titles: 2-5 words, as in the paper ("10:00 Walk in park"); 2-12 CJK characters. */
export const TITLE_LENGTH: LengthRange = { words: [2, 5], chars: [2, 12] };
/** Item details: "approximately 50 words"; accepted 25-90 words, 40-160 CJK characters. */
export const DETAIL_LENGTH: LengthRange = { words: [25, 90], chars: [40, 160] };
