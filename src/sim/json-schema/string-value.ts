import { fillerChars, fillerName, fillerProse, fillerWords, type Lang } from '../prose.ts';
import type { Rng } from '../rng.ts';
import { formatValue } from './format-value.ts';
import { compilePattern, samplePattern } from './regex-sample.ts';
import { type JsonSchemaObject, num } from './schema-types.ts';
import { readTextHint, type TextHint } from './text-hints.ts';
import { clockWindow, formatClock } from './time-of-day.ts';

export interface StringContext {
  rng: Rng;
  /** Words of the user's message, echoed in free text. */
  echo: readonly string[];
  /** Language of the conversation; Chinese also when a description asks for it. */
  lang: Lang;
  /** Patterns the generator could not satisfy (reported in the simulator stats). */
  unsupported: Set<string>;
}

export interface StringHint {
  name?: string;
  description?: string;
}

const length = (value: string) => Array.from(value).length;

function sentence(words: string): string {
  return words.length === 0 ? words : `${words[0]?.toUpperCase()}${words.slice(1)}.`;
}

/** Pads with words or cuts to satisfy minLength/maxLength (JSON Schema counts code points). */
function fitLength(value: string, s: JsonSchemaObject, ctx: StringContext): string {
  const min = num(s.minLength) ?? 0;
  const max = num(s.maxLength);
  let out = value;
  while (length(out) < min) out = `${out} ${fillerWords(ctx.rng, ctx.echo, 1)}`.trimStart();
  if (max !== undefined && length(out) > max) {
    out = Array.from(out).slice(0, max).join('');
    const trimmed = out.trimEnd();
    if (length(trimmed) >= min) out = trimmed;
  }
  return out;
}

function lengthOk(value: string, s: JsonSchemaObject): boolean {
  const n = length(value);
  return n >= (num(s.minLength) ?? 0) && n <= (num(s.maxLength) ?? Number.POSITIVE_INFINITY);
}

function patternOk(value: string, pattern: string | undefined): boolean {
  if (pattern === undefined) return true;
  const regex = compilePattern(pattern);
  return regex instanceof Error || regex.test(value);
}

const isNameProperty = (name: string | undefined) => name !== undefined && /(^name$|Name$|_name$)/.test(name);
const asksForChinese = (description: string) => /[\u4e00-\u9fff]|\bChinese\b/i.test(description);

function hintedText(hint: TextHint, ctx: StringContext, description: string, name?: string): string {
  const { rng } = ctx;
  switch (hint.kind) {
    case 'date':
      return formatValue('date', rng) ?? '';
    case 'clock': {
      const { start, end } = clockWindow(description);
      return formatClock(start + Math.floor(rng.int(0, Math.floor((end - start) / 15))) * 15);
    }
    case 'length': {
      const count = rng.int(hint.min, hint.max);
      if (hint.unit === 'chars') {
        const lang = ctx.lang === 'zh' || asksForChinese(description) ? 'zh' : 'en';
        if (isNameProperty(name)) {
          const candidate = fillerName(rng, lang);
          if (length(candidate) >= hint.min && length(candidate) <= hint.max) return candidate;
        }
        return fillerChars(rng, ctx.echo, count, lang);
      }
      if (hint.unit === 'sentences') return fillerProse(rng, ctx.echo, count, ctx.lang);
      if (isNameProperty(name) && hint.min <= 1) return fillerName(rng, 'en');
      const text = fillerWords(rng, ctx.echo, count);
      return count >= 8 ? sentence(text) : text;
    }
  }
}

/**
 * A string for a string schema, trying in turn: `format`, `pattern` (generated from the regex), a hint in
 * the description (words, characters, sentences, YYYY-MM-DD, HH:MM), a name for name-like properties, and
 * a short phrase. Lengths are then fitted to minLength/maxLength.
 */
export function stringValue(s: JsonSchemaObject, ctx: StringContext, hint: StringHint = {}): string {
  const pattern = typeof s.pattern === 'string' ? s.pattern : undefined;
  if (typeof s.format === 'string') {
    const value = formatValue(s.format, ctx.rng);
    if (value !== undefined && patternOk(value, pattern) && lengthOk(value, s)) return value;
  }
  const description = s.description ?? hint.description ?? '';
  if (pattern !== undefined) {
    // A model that reads the description writes what it asks for, within the pattern (a title of 2-5 words).
    const hinted =
      readTextHint(description) ?? (hint.name === 'time' ? { kind: 'clock' as const } : undefined);
    const text = hinted && fitLength(hintedText(hinted, ctx, description, hint.name), s, ctx);
    if (text !== undefined && patternOk(text, pattern) && lengthOk(text, s)) return text;
    const sample = samplePattern(pattern, ctx.rng, (value) => lengthOk(value, s));
    if (sample.matched) return sample.value;
    ctx.unsupported.add(pattern);
    return fitLength(sample.value, s, ctx);
  }
  const textHint = readTextHint(description);
  if (textHint) return fitLength(hintedText(textHint, ctx, description, hint.name), s, ctx);
  if (hint.name === 'time') return fitLength(hintedText({ kind: 'clock' }, ctx, description), s, ctx);
  if (isNameProperty(hint.name)) return fitLength(fillerName(ctx.rng, ctx.lang), s, ctx);
  return fitLength(fillerWords(ctx.rng, ctx.echo, ctx.rng.int(2, 4)), s, ctx);
}
