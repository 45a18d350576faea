/** Plain JSON, as parsed; cards and their extensions are kept in this shape so nothing is lost. */
export type JsonObject = { [key: string]: unknown };

export type CardSpec = 'v1' | 'v2' | 'v3';

export const SPEC_NAMES = { v2: 'chara_card_v2', v3: 'chara_card_v3' } as const;
export const SPEC_VERSIONS = { v2: '2.0', v3: '3.0' } as const;

/**
 * The fields of a card's `data` (V2/V3) or root (V1) that ipet reads, after type checks. Everything else
 * stays in `ParsedCard.original`, untouched.
 */
export interface CardFields {
  name: string;
  description: string;
  personality: string;
  scenario: string;
  first_mes: string;
  mes_example: string;
  creator_notes: string;
  system_prompt: string;
  post_history_instructions: string;
  alternate_greetings: string[];
  tags: string[];
  creator: string;
  character_version: string;
  extensions: JsonObject;
  character_book?: JsonObject;
  /** V3: replaces the name wherever `{{char}}` appears. */
  nickname?: string;
}

/** A card as read: its spec, the whole original JSON (verbatim, for export) and the fields ipet uses. */
export interface ParsedCard {
  spec: CardSpec;
  original: JsonObject;
  fields: CardFields;
  warnings: string[];
}

/** Where a card came from; stored with the pet so export can reproduce the file. */
export interface StoredCard {
  spec: CardSpec;
  /** The card JSON exactly as imported (V1: the flat object; V2/V3: `{ spec, spec_version, data, ... }`). */
  original: JsonObject;
  importedFrom: 'png' | 'json';
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
