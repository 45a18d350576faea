import { ValidationError } from '../core/index.ts';

/**
 * What every request's path, query and JSON body must satisfy before its route's zod schema reads it:
 * text the store can hold (PostgreSQL text and JSONB refuse NUL and half a UTF-16 pair), and a bounded
 * shape (nesting, values). Checked once at the edge, so that no route can pass such input to the store and
 * answer 500.
 */
export const INPUT_LIMITS = {
  /** Nesting of objects and arrays (a pet's extensions hold a character card, itself up to 64 deep). */
  depth: 100,
  /** Values in one request (the body limit already bounds bytes). */
  nodes: 100_000,
} as const;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` cannot be stored, or null. */
export function unstorableText(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character';
  if (LONE_SURROGATE.test(text)) return 'contains invalid Unicode (a lone surrogate)';
  return null;
}

/** Throws ValidationError (400) naming the first field that breaks the rules above. */
export function checkInput(root: unknown, what: string): void {
  let nodes = 0;
  const fail = (path: string, reason: string): never => {
    const field = path.length > 100 ? `${path.slice(0, 100)}...` : path;
    throw new ValidationError(`invalid ${what}: ${field ? `${field} ` : ''}${reason}`, [
      { path: field, message: reason },
    ]);
  };
  const visit = (value: unknown, path: string, depth: number): void => {
    if (++nodes > INPUT_LIMITS.nodes) fail('', `has more than ${INPUT_LIMITS.nodes} values`);
    if (depth > INPUT_LIMITS.depth) fail(path, `is nested deeper than ${INPUT_LIMITS.depth} levels`);
    if (typeof value === 'string') {
      const problem = unstorableText(value);
      if (problem) fail(path, problem);
      return;
    }
    if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return;
    const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
    for (const [key, item] of entries) {
      const at = path ? `${path}.${key}` : String(key);
      if (typeof key === 'string') {
        const problem = unstorableText(key);
        if (problem) fail(path, `has a field name that ${problem}`);
      }
      visit(item, at, depth + 1);
    }
  };
  visit(root, '', 0);
}
