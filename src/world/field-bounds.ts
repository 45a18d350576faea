/**
 * The hard limits of the world's generated fields as JSON Schema carries them (sent to the model with every
 * structured call), next to what the schedule and detail checks do with an answer that ignores them.
 */
import type { Locale, ModelBounds } from '../core/index.ts';
import { parseHhMm } from '../core/index.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** A regex alternative for the two-digit numbers from..to (0-99): a partial tens, whole tens, a partial tens. */
function twoDigitRange(from: number, to: number): string {
  const digit = (lo: number, hi: number) => (lo === hi ? `${lo}` : `[${lo}-${hi}]`);
  const [t0, t1] = [Math.floor(from / 10), Math.floor(to / 10)];
  if (t0 === t1) return `${t0}${digit(from % 10, to % 10)}`;
  const first = from % 10 === 0 ? t0 : t0 + 1;
  const last = to % 10 === 9 ? t1 : t1 - 1;
  return [
    ...(first > t0 ? [`${t0}${digit(from % 10, 9)}`] : []),
    ...(first <= last ? [`${digit(first, last)}[0-9]`] : []),
    ...(last < t1 ? [`${t1}${digit(0, to % 10)}`] : []),
  ].join('|');
}

/**
 * An anchored pattern matching exactly the "HH:MM" times from `start` to `end` (inclusive, same day), e.g.
 * 07:00-22:30 -> `^(?:(?:0[7-9]|1[0-9]|2[0-1]):[0-5][0-9]|22:(?:[0-2][0-9]|30))$`.
 */
export function clockRangePattern(start: string, end: string): string {
  const from = parseHhMm(start);
  const to = parseHhMm(end);
  if (from === null || to === null || from > to) throw new RangeError(`invalid time range ${start}-${end}`);
  const [h0, m0, h1, m1] = [Math.floor(from / 60), from % 60, Math.floor(to / 60), to % 60];
  const hours = (a: number, b: number, minutes: string) =>
    a > b ? [] : [`${a === b ? pad(a) : `(?:${twoDigitRange(a, b)})`}:${minutes}`];
  const minutes = (a: number, b: number) =>
    a === 0 && b === 59 ? '[0-5][0-9]' : a === b ? pad(a) : `(?:${twoDigitRange(a, b)})`;
  const parts =
    h0 === h1
      ? hours(h0, h0, minutes(m0, m1))
      : [
          ...(m0 === 0 ? [] : hours(h0, h0, minutes(m0, 59))),
          ...hours(m0 === 0 ? h0 : h0 + 1, m1 === 59 ? h1 : h1 - 1, minutes(0, 59)),
          ...(m1 === 59 ? [] : hours(h1, h1, minutes(0, m1))),
        ];
  return `^(?:${parts.join('|')})$`;
}

const HAN = '\\u4e00-\\u9fff';
const ALNUM = 'A-Za-z0-9';

/**
 * At least two units (see text-length.ts): a Han character followed by any letter, a Latin letter followed
 * by a Han character, or two Latin words apart. Any string it matches counts 2 or more in every language.
 */
export const TWO_UNITS_PATTERN = `^.*(?:[${HAN}].*[${HAN}${ALNUM}]|[${ALNUM}].*[${HAN}]|[${ALNUM}] +[${ALNUM}]).*$`;

/**
 * Titles: 2-5 words / 2-12 characters (see TITLE_LENGTH). The minimum is the pattern; the maximum in code
 * points leaves room for long words, and the check keeps the first 5 words (12 characters) of a longer one.
 */
export function titleBounds(locale: Locale): ModelBounds {
  return {
    minLength: locale === 'zh' ? 2 : 3,
    maxLength: locale === 'zh' ? 24 : 60,
    pattern: TWO_UNITS_PATTERN,
  };
}

/** The shortest detail, in code points: about 25 English words, 40 Chinese characters. */
export const DETAIL_MIN_CHARS: Record<Locale, number> = { en: 120, zh: 40 };

/** Details: at least DETAIL_MIN_CHARS; at most 90 words / 160 characters, which the check clips to. */
export function detailBounds(locale: Locale): ModelBounds {
  return { minLength: DETAIL_MIN_CHARS[locale], maxLength: locale === 'zh' ? 320 : 700 };
}
