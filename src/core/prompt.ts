import { readFileSync } from 'node:fs';
import type { Locale } from './profiles.ts';

/**
 * Prompts are files: `<module>/prompts/<name>.<version>.<locale>.md`, e.g. `world/prompts/outline.v1.en.md`.
 * Templates use `{{var}}` placeholders and optional `{{#flag}}...{{/flag}}` sections (`renderPrompt`). The
 * version travels with every stored artefact (world days record it).
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

export interface RenderOptions {
  /**
   * Flags of the template's optional sections: `{{#name}}...{{/name}}` is kept when `name` is true,
   * `{{^name}}...{{/name}}` when it is false (not nested). A section without a flag throws. Given, runs of
   * blank lines that left-out sections leave behind are folded into one.
   */
  sections?: Record<string, boolean>;
  /** Leave out a line whose placeholders all render empty ("Likes: {{likes}}" for a pet without likes). */
  dropEmptyLines?: boolean;
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g;
const SECTION = /\{\{([#^])([a-zA-Z0-9_]+)\}\}\n?([\s\S]*?)\{\{\/\2\}\}\n?/g;

/**
 * The project's one prompt renderer: fills `{{var}}` placeholders, resolves optional sections and, on
 * request, drops lines left empty. Every word of a prompt stays in its file; a missing variable or section
 * flag throws rather than sending a half-filled prompt.
 */
export function renderPrompt(
  template: PromptTemplate | string,
  vars: Record<string, string | number>,
  options: RenderOptions = {},
): string {
  const name = typeof template === 'string' ? 'inline template' : template.id;
  const value = (key: string): string => {
    const v = vars[key];
    if (v === undefined) throw new Error(`prompt ${name} needs variable "${key}"`);
    return String(v);
  };
  const sections = options.sections ?? {};
  const text = (typeof template === 'string' ? template : template.text).replace(
    SECTION,
    (_, kind: string, section: string, body: string) => {
      const on = sections[section];
      if (on === undefined) throw new Error(`prompt ${name} needs section flag "${section}"`);
      return (kind === '#') === on ? body : '';
    },
  );
  if (options.dropEmptyLines) {
    const out: string[] = [];
    for (const line of text.split('\n')) {
      const values = [...line.matchAll(PLACEHOLDER)].map((m) => value(m[1]!));
      if (values.length > 0 && values.every((v) => v.trim() === '')) continue;
      out.push(line.replace(PLACEHOLDER, (_, key: string) => value(key)).trimEnd());
    }
    return out.join('\n').trim();
  }
  const rendered = text.replace(PLACEHOLDER, (_, key: string) => value(key));
  return options.sections ? rendered.replace(/\n{3,}/g, '\n\n') : rendered;
}

/** Wraps untrusted text (memories, lore, user-provided fields) so the model reads it as quoted data. */
export function quoteData(label: string, lines: string[]): string {
  const body = lines.map((l) => `> ${l.replaceAll('\n', '\n> ')}`).join('\n');
  return `<${label}>\n${body}\n</${label}>`;
}
