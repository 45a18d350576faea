import type { Locale } from '../core/index.ts';
import { loadPrompt, type PromptTemplate, renderPrompt } from '../core/index.ts';

/** Version of every world prompt; bump it (and add `*.v2.*.md` files) when a template's meaning changes. */
export const WORLD_PROMPT_VERSION = 'v1';

export type WorldPromptName = 'world' | 'context' | 'outline' | 'schedule' | 'detail' | 'direct' | 'friends';

const PROMPTS_DIR = new URL('./prompts/', import.meta.url);

export function worldPrompt(name: WorldPromptName, locale: Locale): PromptTemplate {
  return loadPrompt(PROMPTS_DIR, name, WORLD_PROMPT_VERSION, locale);
}

/** A world prompt with its optional sections resolved (`renderPrompt`'s `sections`; every world prompt has some). */
export function renderWorldPrompt(
  template: PromptTemplate,
  vars: Record<string, string | number>,
  sections: Record<string, boolean> = {},
): string {
  return renderPrompt(template, vars, { sections });
}
