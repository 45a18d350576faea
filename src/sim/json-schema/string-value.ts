import { fillerWords } from '../prose.ts';
import type { Rng } from '../rng.ts';
import { formatValue } from './format-value.ts';
import { compilePattern, samplePattern } from './regex-sample.ts';
import { type JsonSchemaObject, num } from './schema-types.ts';
import { wordCountHint } from './word-hints.ts';

export interface StringContext {
  rng: Rng;
  /** Words of the user's message, echoed in free text. */
  echo: readonly string[];
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

/** A string for a string schema: format, then pattern, then a word-count hint, then a short phrase. */
export function stringValue(s: JsonSchemaObject, ctx: StringContext, hint: StringHint = {}): string {
  const pattern = typeof s.pattern === 'string' ? s.pattern : undefined;
  if (typeof s.format === 'string') {
    const value = formatValue(s.format, ctx.rng);
    if (value !== undefined && patternOk(value, pattern) && lengthOk(value, s)) return value;
  }
  if (pattern !== undefined) {
    const sample = samplePattern(pattern, ctx.rng, (value) => lengthOk(value, s));
    if (sample.matched) return sample.value;
    ctx.unsupported.add(pattern);
    return fitLength(sample.value, s, ctx);
  }
  const description = s.description ?? hint.description;
  const words = wordCountHint(description, ctx.rng);
  if (words !== undefined) {
    const text = fillerWords(ctx.rng, ctx.echo, words);
    return fitLength(words >= 8 ? sentence(text) : text, s, ctx);
  }
  if (hint.name === 'time')
    return fitLength(
      `${ctx.rng.int(7, 21)}:${ctx.rng.pick(['00', '15', '30', '45'])}`.padStart(5, '0'),
      s,
      ctx,
    );
  return fitLength(fillerWords(ctx.rng, ctx.echo, ctx.rng.int(2, 4)), s, ctx);
}
