import type { Locale, PromptTemplate } from '../../core/index.ts';
import { loadPrompt } from '../../core/index.ts';

/** Version of every dataset prompt; bump it (and add `*.v2.*.md` files) when a template's meaning changes. */
export const DATASET_PROMPT_VERSION = 'v1';

export type DatasetPromptName =
  | 'user-personas'
  | 'persona-sheet'
  | 'dialogue'
  | 'spe'
  | 'cus'
  | 'raw'
  | 'judge'
  | 'judge-system'
  | 'profile'
  | 'focus';

const DIR = new URL('./', import.meta.url);

export function datasetPrompt(name: DatasetPromptName, locale: Locale): PromptTemplate {
  return loadPrompt(DIR, name, DATASET_PROMPT_VERSION, locale);
}
