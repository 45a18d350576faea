import type { Locale, PromptTemplate } from '../core/index.ts';
import { loadPrompt } from '../core/index.ts';

/** Version of the proactive prompts; bump it (and add `*.v2.*.md` files) when a template's meaning changes. */
export const PROACTIVE_PROMPT_VERSION = 'v1';

const PROMPTS_DIR = new URL('./prompts/', import.meta.url);

export function proactivePrompt(name: 'plan', locale: Locale): PromptTemplate {
  return loadPrompt(PROMPTS_DIR, name, PROACTIVE_PROMPT_VERSION, locale);
}
