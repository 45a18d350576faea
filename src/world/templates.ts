import type { Locale } from '../core/index.ts';
import { loadPrompt, type PromptTemplate, renderPrompt } from '../core/index.ts';

/** Version of every world prompt; bump it (and add `*.v2.*.md` files) when a template's meaning changes. */
export const WORLD_PROMPT_VERSION = 'v1';

export type WorldPromptName = 'world' | 'context' | 'outline' | 'schedule' | 'detail' | 'direct' | 'friends';

const PROMPTS_DIR = new URL('./prompts/', import.meta.url);

export function worldPrompt(name: WorldPromptName, locale: Locale): PromptTemplate {
  return loadPrompt(PROMPTS_DIR, name, WORLD_PROMPT_VERSION, locale);
}

const SECTION = /\{\{([#^])([a-zA-Z0-9_]+)\}\}\n?([\s\S]*?)\{\{\/\2\}\}\n?/g;

/**
 * Renders a template after resolving its optional sections: `{{#name}}...{{/name}}` is kept when
 * `sections[name]` is true, `{{^name}}...{{/name}}` when it is false (not nested). This keeps every word of a
 * prompt in its file, including the parts that only the memory mode or the outline stage adds.
 */
export function renderWorldPrompt(
  template: PromptTemplate,
  vars: Record<string, string | number>,
  sections: Record<string, boolean> = {},
): string {
  const text = template.text.replace(SECTION, (_, kind: string, name: string, body: string) => {
    const on = sections[name];
    if (on === undefined) throw new Error(`prompt ${template.id} needs section flag "${name}"`);
    return (kind === '#') === on ? body : '';
  });
  return renderPrompt({ ...template, text }, vars).replace(/\n{3,}/g, '\n\n');
}
