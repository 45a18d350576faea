import type { Locale } from '../core/index.ts';
import { loadPrompt, type PromptTemplate } from '../core/index.ts';

const DIR = new URL('./prompts/', import.meta.url);
export const PROMPT_VERSION = 'v2';

/** A dialogue prompt file: `src/dialogue/prompts/<name>.v2.<locale>.md`. */
export function dialoguePrompt(name: string, locale: Locale): PromptTemplate {
  return loadPrompt(DIR, name, PROMPT_VERSION, locale);
}
