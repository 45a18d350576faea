import type { Locale } from '../core/index.ts';
import { loadPrompt, type PromptTemplate, renderPrompt } from '../core/index.ts';

export type WorldPromptName = 'world' | 'context' | 'outline' | 'schedule' | 'detail' | 'direct' | 'friends';

/**
 * The version of each world prompt: bump one (and add its `*.vN.*.md` files) when that template's meaning
 * changes. v2 of context, outline and schedule: continuity (the days before, reflections R, promises).
 */
export const WORLD_PROMPT_VERSIONS: Readonly<Record<WorldPromptName, string>> = {
  world: 'v1',
  context: 'v2',
  outline: 'v2',
  schedule: 'v2',
  detail: 'v1',
  direct: 'v1',
  friends: 'v1',
};

/**
 * The version of the world prompts as a set (evaluation fingerprints and reports): bumped with any of
 * `WORLD_PROMPT_VERSIONS`.
 */
export const WORLD_PROMPT_VERSION = 'v2';

const PROMPTS_DIR = new URL('./prompts/', import.meta.url);

export function worldPrompt(name: WorldPromptName, locale: Locale): PromptTemplate {
  return loadPrompt(PROMPTS_DIR, name, WORLD_PROMPT_VERSIONS[name], locale);
}

/** A world prompt with its optional sections resolved (`renderPrompt`'s `sections`; every world prompt has some). */
export function renderWorldPrompt(
  template: PromptTemplate,
  vars: Record<string, string | number>,
  sections: Record<string, boolean> = {},
): string {
  return renderPrompt(template, vars, { sections });
}
