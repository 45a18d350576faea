import { z } from 'zod';
import { describeIssue, formatIssue } from '../../core/index.ts';
import { isObject } from '../card/types.ts';
import { LIMITS, rejected } from '../rejected.ts';
import { compileSafeRegex, type SafeRegex, UnsupportedRegexError } from './safe-regex/index.ts';

export const DEFAULT_SCAN_DEPTH = 4;
export const MAX_SCAN_DEPTH = 20;
/** Tokens of lore per book and turn when the book sets no `token_budget`; a book's own budget is capped. */
export const DEFAULT_LORE_BUDGET = 400;
export const MAX_LORE_BUDGET = 2000;
/** Sum of regex program sizes in one book: bounds a turn's matching work (program x scanned text). */
export const MAX_REGEX_PROGRAM_PER_BOOK = 10_000;

/** The text keys are matched against, with its lower-cased form computed once per turn. */
export interface ScanText {
  raw: string;
  lower: string;
}

export function scanText(raw: string): ScanText {
  return { raw, lower: raw.toLowerCase() };
}

export interface KeyMatcher {
  key: string;
  test(text: ScanText): boolean;
}

/** One world-info entry, checked and ready to match. */
export interface LoreEntry {
  /** Unique within the pet: `<book id>:<entry id or #index>`; reported in `context.lore`. */
  id: string;
  /** For lists: the entry's name, else its comment, else its first key. */
  label: string;
  index: number;
  keys: KeyMatcher[];
  secondaryKeys: KeyMatcher[];
  /** The content without V3 decorator lines (`@@...`), macros unresolved. */
  text: string;
  enabled: boolean;
  constant: boolean;
  selective: boolean;
  useRegex: boolean;
  insertionOrder: number;
  priority: number | null;
}

export interface Lorebook {
  id: string;
  name: string;
  scanDepth: number;
  tokenBudget: number;
  recursive: boolean;
  entries: LoreEntry[];
}

const keyList = z
  .union([z.array(z.string()), z.string().transform((s) => s.split(','))])
  .nullish()
  .transform((keys) => (keys ?? []).map((k) => k.trim()).filter(Boolean));
const flag = z
  .boolean()
  .nullish()
  .transform((v) => v ?? undefined);
const num = z
  .number()
  .finite()
  .nullish()
  .transform((v) => v ?? undefined);

const entrySchema = z.object({
  keys: keyList,
  secondary_keys: keyList,
  content: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  enabled: flag,
  constant: flag,
  selective: flag,
  case_sensitive: flag,
  use_regex: flag,
  insertion_order: num,
  priority: num,
  id: z.union([z.number(), z.string()]).nullish(),
  name: z.string().nullish(),
  comment: z.string().nullish(),
});

const bookSchema = z.object({
  name: z.string().nullish(),
  scan_depth: num,
  token_budget: num,
  recursive_scanning: flag,
  entries: z
    .array(z.unknown(), { error: 'must be a list' })
    .max(LIMITS.loreEntries, `has more than ${LIMITS.loreEntries} entries`),
});

/** Strips V3 decorator lines (`@@name value`) from the top of an entry's content; ipet ignores them. */
export function stripDecorators(content: string): string {
  const lines = content.split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.trimStart().startsWith('@@')) i++;
  return lines.slice(i).join('\n').trim();
}

/**
 * Checks a lorebook (a card's `character_book` or the `data` of a `lorebook_v3` file) and compiles its keys.
 * Structural problems (wrong types, too many entries or keys, over-long keys, regexes too large in total)
 * reject the book. A single regex key outside the safe subset does not: the entry keeps its other keys,
 * the pattern never matches (as the V3 spec says of invalid patterns) and a warning says so.
 */
export function readLorebook(
  raw: unknown,
  bookId: string,
  where: string,
): { book: Lorebook; warnings: string[] } {
  const what = 'lorebook';
  if (!isObject(raw)) throw rejected(what, `${where} must be an object`, where);
  const parsed = bookSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = describeIssue(parsed.error.issues[0]!, raw, where);
    throw rejected(what, formatIssue(issue), issue.path);
  }
  const warnings: string[] = [];
  let regexSize = 0;
  const usedIds = new Set<string>();
  const entries = parsed.data.entries.map((value, index): LoreEntry => {
    const at = `${where}.entries.${index}`;
    if (!isObject(value)) throw rejected(what, `${at} must be an object`, at);
    const e = entrySchema.safeParse(value);
    if (!e.success) {
      const issue = describeIssue(e.error.issues[0]!, value, at);
      throw rejected(what, formatIssue(issue), issue.path);
    }
    const entry = e.data;
    for (const key of [...entry.keys, ...entry.secondary_keys]) {
      if (key.length > LIMITS.loreKeyChars)
        throw rejected(what, `${at} has a key longer than ${LIMITS.loreKeyChars} characters`, at);
    }
    if (entry.keys.length + entry.secondary_keys.length > LIMITS.loreKeys) {
      throw rejected(what, `${at} has more than ${LIMITS.loreKeys} keys`, at);
    }
    const label = entry.name || entry.comment || entry.keys[0] || `#${index}`;
    const caseSensitive = entry.case_sensitive === true;
    const useRegex = entry.use_regex === true;
    const matcher = (key: string): KeyMatcher | null => {
      if (!useRegex) return plainMatcher(key, caseSensitive);
      try {
        const regex: SafeRegex = compileSafeRegex(key, { caseSensitive });
        regexSize += regex.size;
        return { key, test: (text) => regex.test(text.raw) };
      } catch (error) {
        if (!(error instanceof UnsupportedRegexError)) throw error;
        warnings.push(
          `lore entry "${label}": regex ${key.slice(0, 60)} is not supported (${error.message}); it never matches`,
        );
        return null;
      }
    };
    const rawId = entry.id === undefined || entry.id === null ? '' : String(entry.id).trim();
    const local = rawId && !usedIds.has(rawId) && !rawId.includes(':') ? rawId : `#${index}`;
    usedIds.add(local);
    return {
      id: `${bookId}:${local}`,
      label,
      index,
      keys: entry.keys.map(matcher).filter((m): m is KeyMatcher => m !== null),
      secondaryKeys: useRegex
        ? []
        : entry.secondary_keys.map(matcher).filter((m): m is KeyMatcher => m !== null),
      text: stripDecorators(entry.content),
      enabled: entry.enabled !== false,
      // V3: `constant` is ignored for regex entries.
      constant: entry.constant === true && !useRegex,
      selective: entry.selective === true,
      useRegex,
      insertionOrder: entry.insertion_order ?? 0,
      priority: entry.priority ?? null,
    };
  });
  if (regexSize > MAX_REGEX_PROGRAM_PER_BOOK) {
    throw rejected(
      what,
      `${where} has regex keys too large in total (${regexSize} steps, at most ${MAX_REGEX_PROGRAM_PER_BOOK})`,
      where,
    );
  }
  const depth = parsed.data.scan_depth;
  const budget = parsed.data.token_budget;
  return {
    book: {
      id: bookId,
      name: parsed.data.name ?? '',
      scanDepth:
        depth !== undefined && depth >= 1 ? Math.min(Math.floor(depth), MAX_SCAN_DEPTH) : DEFAULT_SCAN_DEPTH,
      tokenBudget:
        budget !== undefined && budget > 0
          ? Math.min(Math.floor(budget), MAX_LORE_BUDGET)
          : DEFAULT_LORE_BUDGET,
      recursive: parsed.data.recursive_scanning === true,
      entries,
    },
    warnings,
  };
}

/** Plain keys: substring match, case-insensitive unless the entry says `case_sensitive: true`. */
function plainMatcher(key: string, caseSensitive: boolean): KeyMatcher {
  if (caseSensitive) return { key, test: (text) => text.raw.includes(key) };
  const needle = key.toLowerCase();
  return { key, test: (text) => text.lower.includes(needle) };
}
