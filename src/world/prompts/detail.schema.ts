import { z } from 'zod';
import type { Locale, SemanticCheck } from '../../core/index.ts';
import { DETAIL_LENGTH, lengthProblem } from '../text-length.ts';

/** Output of `detail.v1`: T3_i, one event told in about 50 words. */
export interface DetailOutput {
  detail: string;
}

export function detailField(locale: Locale) {
  return z
    .string()
    .trim()
    .min(1)
    .describe(
      locale === 'zh'
        ? 'in Chinese, about 80 characters (40-160; as long as about 50 words): the scene, what happens, one line of inner monologue'
        : 'about 50 words (25-90): the scene, what happens, one line of inner monologue',
    );
}

export function detailSchema(locale: Locale): z.ZodType<DetailOutput> {
  return z.object({ detail: detailField(locale) });
}

export function checkDetail(locale: Locale): SemanticCheck<DetailOutput> {
  return (value) => {
    const problem = lengthProblem('the detail', value.detail, DETAIL_LENGTH, locale);
    return problem ? { ok: false, problems: [problem] } : { ok: true, value };
  };
}
