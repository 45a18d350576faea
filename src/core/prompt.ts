import { readFileSync } from 'node:fs';
import type { Locale } from './profiles.ts';

/**
 * Prompts are files: `<module>/prompts/<name>.<version>.<locale>.md`, e.g. `world/prompts/outline.v1.en.md`.
 * Templates use `{{var}}` placeholders; rendering fails loudly on a missing variable rather than sending a
 * half-filled prompt. The version travels with every stored artefact (world days record it).
 */
export interface PromptTemplate {
  name: string;
  version: string;
  locale: Locale;
  text: string;
  /** `name@version/locale`, stored with what the prompt produced. */
  id: string;
}

const cache = new Map<string, PromptTemplate>();

/** `dir` is a URL of the prompts folder, e.g. `new URL('./prompts/', import.meta.url)`. */
export function loadPrompt(dir: URL, name: string, version: string, locale: Locale): PromptTemplate {
  const url = new URL(`${name}.${version}.${locale}.md`, dir);
  const key = url.href;
  const hit = cache.get(key);
  if (hit) return hit;
  const text = readFileSync(url, 'utf8').trim();
  const template = { name, version, locale, text, id: `${name}@${version}/${locale}` };
  cache.set(key, template);
  return template;
}

export function renderPrompt(
  template: PromptTemplate | string,
  vars: Record<string, string | number>,
): string {
  const text = typeof template === 'string' ? template : template.text;
  return text.replace(/\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g, (_, key: string) => {
    const value = vars[key];
    if (value === undefined) {
      const name = typeof template === 'string' ? 'inline template' : template.id;
      throw new Error(`prompt ${name} needs variable "${key}"`);
    }
    return String(value);
  });
}

/** Wraps untrusted text (memories, lore, user-provided fields) so the model reads it as quoted data. */
export function quoteData(label: string, lines: string[]): string {
  const body = lines.map((l) => `> ${l.replaceAll('\n', '\n> ')}`).join('\n');
  return `<${label}>\n${body}\n</${label}>`;
}
