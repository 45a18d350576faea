import { fillerWords, type Lang } from '../prose.ts';
import type { Rng } from '../rng.ts';
import { formatValue } from './format-value.ts';
import { compilePattern, samplePattern } from './regex-sample.ts';
import { type JsonSchemaObject, num } from './schema-types.ts';
import type { StringContext } from './string-value.ts';

/** Without maxLength, a schema-only string is up to this many characters longer than minLength. */
export const UNBOUNDED_EXTRA_CHARS = 160;
/** Share of schema-only words drawn from the Chinese filler vocabulary (the rest are English). */
const CJK_WORD_SHARE = 0.2;

const length = (value: string) => Array.from(value).length;

/**
 * An integer anywhere in [min, max]: the lower bound a fifth of the time, the upper bound a fifth of the
 * time (where guided decoding with a weak model tends to end up), uniform otherwise.
 */
export function anywhere(rng: Rng, min: number, max: number): number {
  if (max <= min) return min;
  const roll = rng.next();
  if (roll < 0.2) return min;
  if (roll < 0.4) return max;
  return rng.int(min, max);
}

/** Random filler words (mostly English, some Chinese) cut to exactly `count` code points, no edge spaces. */
export function wordsOfLength(rng: Rng, count: number): string {
  if (count <= 0) return '';
  const chars: string[] = [];
  while (chars.length < count) {
    const lang: Lang = rng.chance(CJK_WORD_SHARE) ? 'zh' : 'en';
    if (chars.length > 0) chars.push(' ');
    chars.push(...Array.from(fillerWords(rng, [], 1, lang)));
  }
  const cut = chars.slice(0, count);
  if (cut.at(-1) === ' ') cut[cut.length - 1] = rng.pick(['a', 'e', 'o']);
  return cut.join('');
}

/**
 * A string for a string schema in schema-only mode: reads `format`, `pattern`, `minLength` and
 * `maxLength` - never the description or the property's name. Free text is random words of any length
 * within the bounds.
 */
export function arbitraryString(s: JsonSchemaObject, ctx: StringContext): string {
  const min = Math.max(0, Math.ceil(num(s.minLength) ?? 0));
  const maxLength = num(s.maxLength);
  const max = Math.max(min, Math.floor(maxLength ?? min + UNBOUNDED_EXTRA_CHARS));
  const fits = (value: string) => {
    const n = length(value);
    return n >= min && n <= max;
  };
  const pattern = typeof s.pattern === 'string' ? s.pattern : undefined;
  if (typeof s.format === 'string') {
    const value = formatValue(s.format, ctx.rng);
    const regex = pattern === undefined ? undefined : compilePattern(pattern);
    const matches = regex === undefined || regex instanceof Error || regex.test(value ?? '');
    if (value !== undefined && matches && fits(value)) return value;
  }
  if (pattern !== undefined) {
    const sample = samplePattern(pattern, ctx.rng, fits);
    if (sample.matched) return sample.value;
    ctx.unsupported.add(pattern);
  }
  return wordsOfLength(ctx.rng, anywhere(ctx.rng, min, max));
}
