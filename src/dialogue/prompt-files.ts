import type { Locale } from '../core/index.ts';
import { loadPrompt, type PromptTemplate } from '../core/index.ts';

const DIR = new URL('./prompts/', import.meta.url);
export const PROMPT_VERSION = 'v1';

/** A dialogue prompt file: `src/dialogue/prompts/<name>.v1.<locale>.md`. */
export function dialoguePrompt(name: string, locale: Locale): PromptTemplate {
  return loadPrompt(DIR, name, PROMPT_VERSION, locale);
}

/**
 * Renders a template whose lines are optional: a line whose placeholders all render empty is left out
 * ("Likes: {{likes}}" disappears when the pet lists no likes). Unknown placeholders still throw.
 */
export function renderLines(template: PromptTemplate, vars: Record<string, string>): string {
  const out: string[] = [];
  for (const line of template.text.split('\n')) {
    const keys = [...line.matchAll(/\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g)].map((m) => m[1]!);
    for (const key of keys) {
      if (vars[key] === undefined) throw new Error(`prompt ${template.id} needs variable "${key}"`);
    }
    if (keys.length > 0 && keys.every((k) => vars[k]!.trim() === '')) continue;
    out.push(line.replace(/\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g, (_, k: string) => vars[k]!).trimEnd());
  }
  return out.join('\n').trim();
}
