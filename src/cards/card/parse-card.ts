import { z } from 'zod';
import { describeIssue, formatIssue } from '../../core/index.ts';
import { LIMITS, rejected } from '../rejected.ts';
import { checkJsonTree } from './hostile.ts';
import { type CardFields, type CardSpec, isObject, type JsonObject, type ParsedCard } from './types.ts';

const WHAT = 'character card';
const utf8 = new TextDecoder('utf-8', { fatal: true });

// Lenient where cards in the wild are sloppy (null or missing fields read as empty), strict on types:
// a number where text belongs means the file is not what it claims to be.
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');
const texts = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? []);
const object = z.record(z.string(), z.unknown());

const fieldsSchema = z.object({
  name: z.string({ error: 'must be a string' }).trim().min(1, 'is required'),
  description: text,
  personality: text,
  scenario: text,
  first_mes: text,
  mes_example: text,
  creator_notes: text,
  system_prompt: text,
  post_history_instructions: text,
  alternate_greetings: texts,
  tags: texts,
  creator: text,
  character_version: text,
  extensions: object.nullish().transform((v) => v ?? {}),
  character_book: object.nullish().transform((v) => v ?? undefined),
  nickname: z
    .string()
    .nullish()
    .transform((v) => v || undefined),
});

/** Decodes card JSON from a file's bytes (UTF-8, optional BOM), within the size cap. */
export function decodeJsonBytes(
  bytes: Uint8Array,
  what = WHAT,
  maxBytes: number = LIMITS.cardJsonBytes,
): string {
  if (bytes.length > maxBytes) throw rejected(what, `the JSON is larger than ${maxBytes} bytes`);
  try {
    return utf8.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw rejected(what, 'the file is not valid UTF-8 text');
  }
}

/** JSON.parse with ipet's error, then the tree checks (depth, size, NUL, active HTML). */
export function parseJsonObject(json: string, what: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw rejected(what, `not valid JSON (${(error as Error).message.slice(0, 120)})`);
  }
  if (!isObject(value)) throw rejected(what, 'the JSON is not an object');
  checkJsonTree(value, what);
  return value;
}

function specOf(card: JsonObject): { spec: CardSpec; data: JsonObject; warnings: string[] } {
  const spec = card.spec;
  if (spec === undefined || spec === null) {
    if ('data' in card) throw rejected(WHAT, 'it has a `data` object but no `spec` field', 'spec');
    return { spec: 'v1', data: card, warnings: [] };
  }
  if (spec === 'lorebook_v3') {
    throw rejected(
      WHAT,
      'this file is a lorebook, not a character',
      'spec',
      'import it with `ipet pet lore import FILE --pet ID`',
    );
  }
  if (spec !== 'chara_card_v2' && spec !== 'chara_card_v3') {
    throw rejected(
      WHAT,
      `unsupported spec ${JSON.stringify(spec).slice(0, 40)} (expected chara_card_v2, chara_card_v3 or a V1 card)`,
      'spec',
    );
  }
  if (!isObject(card.data)) throw rejected(WHAT, '`data` must be an object', 'data');
  const warnings: string[] = [];
  const version = Number.parseFloat(String(card.spec_version ?? ''));
  if (spec === 'chara_card_v3' && version > 3) {
    warnings.push(
      `the card uses spec version ${String(card.spec_version)}; fields newer than 3.0 are kept but not used`,
    );
  }
  return { spec: spec === 'chara_card_v2' ? 'v2' : 'v3', data: card.data, warnings };
}

/**
 * The spec and the checked fields of an already parsed card object (no tree checks: `parseCardJson` does
 * those on input; export calls this on the stored, already checked card).
 */
export function readCardFields(original: JsonObject): {
  spec: CardSpec;
  fields: CardFields;
  warnings: string[];
} {
  const { spec, data, warnings } = specOf(original);
  const parsed = fieldsSchema.safeParse(data);
  if (!parsed.success) {
    const issue = describeIssue(parsed.error.issues[0]!, data, spec === 'v1' ? '' : 'data');
    throw rejected(WHAT, formatIssue(issue), issue.path);
  }
  const { character_book, nickname, ...required } = parsed.data;
  const fields: CardFields = {
    ...required,
    ...(character_book !== undefined && { character_book }),
    ...(nickname !== undefined && { nickname }),
  };
  return { spec, fields, warnings };
}

/**
 * Reads a V1 (flat), V2 (`chara_card_v2`) or V3 (`chara_card_v3`) card from its JSON text. The original
 * object is returned unchanged for storage; `fields` holds the checked values ipet maps onto the profile.
 */
export function parseCardJson(json: string): ParsedCard {
  const original = parseJsonObject(json, WHAT);
  return { original, ...readCardFields(original) };
}
