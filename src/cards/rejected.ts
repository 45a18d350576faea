import { ValidationError } from '../core/index.ts';

const HINT =
  'check that the file is a complete character card (PNG with a chara/ccv3 chunk, or JSON) and re-export it';

/**
 * The one way the cards module refuses input: a ValidationError whose message says what was wrong and
 * where (`path` is the card field, or `file` for the container). Nothing is stored when it is thrown.
 */
export function rejected(what: string, reason: string, path = 'file', hint = HINT): ValidationError {
  return new ValidationError(`${what} rejected: ${reason}`, [{ path, message: reason }], { hint });
}

/** Sizes and counts past which input is refused; every parser in the module reads them from here. */
export const LIMITS = {
  /** A card file (PNG or JSON) as uploaded. */
  fileBytes: 16 * 1024 * 1024,
  /** The card JSON once decoded from base64 (or read from a JSON file). */
  cardJsonBytes: 2 * 1024 * 1024,
  /** A standalone lorebook file. */
  lorebookBytes: 2 * 1024 * 1024,
  /** PNG chunks in one file. */
  pngChunks: 10_000,
  /** Avatar image kept with the pet (text chunks removed); larger ones are dropped with a warning. */
  avatarBytes: 1024 * 1024,
  /** Nesting depth and node count of card JSON. */
  jsonDepth: 64,
  jsonNodes: 200_000,
  /** Lorebook entries per book, keys per entry, characters per key. */
  loreEntries: 1000,
  loreKeys: 64,
  loreKeyChars: 500,
  /** Books stored with one pet (the card's own plus standalone ones). */
  lorebooksPerPet: 16,
} as const;
