import type { Locale } from '../../core/index.ts';
import { loadPrompt, type PromptTemplate } from '../../core/index.ts';

/** Version of every evaluation prompt; bump it (and add `*.v2.*.md` files) when a template's meaning changes. */
export const EVAL_PROMPT_VERSION = 'v1';

export type EvalPromptName =
  | 'world-judge'
  | 'world-judge-sample'
  | 'world-metrics'
  | 'persona-split'
  | 'persona-split-sample'
  | 'persona-judge'
  | 'persona-judge-sample'
  | 'preference'
  | 'preference-sample'
  | 'continuity-judge'
  | 'continuity-judge-sample'
  | 'continuity-metrics';

const DIR = new URL('./', import.meta.url);

export function evalPrompt(name: EvalPromptName, locale: Locale): PromptTemplate {
  return loadPrompt(DIR, name, EVAL_PROMPT_VERSION, locale);
}

/** Renders and drops the blank lines an empty optional block leaves behind. */
export function tidy(text: string): string {
  return text.replace(/\n{3,}/g, '\n\n').trim();
}
