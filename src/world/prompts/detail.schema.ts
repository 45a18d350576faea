import { z } from 'zod';
import type { Locale, SemanticResult } from '../../core/index.ts';
import { modelBounds } from '../../core/index.ts';
import { DETAIL_MIN_CHARS, detailBounds } from '../field-bounds.ts';
import { clipToUnits, DETAIL_LENGTH, measureText } from '../text-length.ts';

/** Output of `detail.v1`: T3_i, one event told in about 50 words. */
export interface DetailOutput {
  detail: string;
}

/** Its lengths are in the JSON schema; the parse leaves them to `checkDetailText` (clip, or keep degraded). */
export function detailField(locale: Locale) {
  return modelBounds(z.string().trim(), detailBounds(locale)).describe(
    locale === 'zh'
      ? 'in Chinese, about 80 characters (40-160; as long as about 50 words): the scene, what happens, one line of inner monologue'
      : 'about 50 words (25-90): the scene, what happens, one line of inner monologue',
  );
}

export function detailSchema(locale: Locale): z.ZodType<DetailOutput> {
  return z.object({ detail: detailField(locale) });
}

/** Findings about rules JSON Schema cannot carry (see the call specs). */
export const DETAIL_FINDINGS = { clipped: /detail.* clipped to \d+ (words|characters)$/ } as const;

/**
 * One detail: longer than 90 words (160 characters) is clipped at a sentence end; shorter than
 * DETAIL_MIN_CHARS is a problem, kept as usable (a short detail still tells the event) unless empty.
 */
export function checkDetailText(what: string, text: string, locale: Locale): SemanticResult<string> {
  const { unit, count } = measureText(text, locale);
  const max = DETAIL_LENGTH[unit][1];
  const noun = unit === 'words' ? 'words' : 'characters';
  const clipped = count > max ? clipToUnits(text, max) : text;
  const repairs = clipped === text ? [] : [`${what} clipped to ${max} ${noun}`];
  const chars = Array.from(clipped).length;
  const min = DETAIL_MIN_CHARS[locale];
  if (chars >= min) return { ok: true, value: clipped, repairs };
  const problem = `${what} has ${chars} characters, needs at least ${min}`;
  return { ok: false, problems: [problem], repairs, ...(chars > 0 ? { usable: clipped } : {}) };
}

export function checkDetail(locale: Locale) {
  return (value: DetailOutput): SemanticResult<DetailOutput> => {
    const result = checkDetailText('the detail', value.detail, locale);
    if (result.ok) return { ok: true, value: { detail: result.value }, repairs: result.repairs ?? [] };
    return {
      ok: false,
      problems: result.problems,
      repairs: result.repairs ?? [],
      ...(result.usable === undefined ? {} : { usable: { detail: result.usable } }),
    };
  };
}
