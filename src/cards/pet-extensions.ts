import type { Pet } from '../core/index.ts';
import { isObject, type JsonObject, type StoredCard } from './card/types.ts';

/**
 * What the cards module keeps in `Pet.extensions` (opaque to the rest of ipet, stored as JSON):
 * - `card`: the imported card, verbatim (`{ spec, original, importedFrom }`), so export can reproduce it;
 * - `avatarPng`: the card's image as base64 PNG, without its text chunks (at most LIMITS.avatarBytes);
 * - `lorebooks`: standalone lorebooks added with `ipet pet lore import`, verbatim, with an id each.
 * The card's own `character_book` stays inside `card.original`. Other keys are left alone.
 */
export const EXT_KEYS = { card: 'card', avatar: 'avatarPng', lorebooks: 'lorebooks' } as const;

export interface StoredLorebook {
  id: string;
  name: string;
  importedAt: string;
  /** The lorebook object (`data` of a `lorebook_v3` file), verbatim. */
  book: JsonObject;
}

export function storedCardOf(pet: Pet): StoredCard | null {
  const card = pet.extensions[EXT_KEYS.card];
  if (!isObject(card) || !isObject(card.original)) return null;
  if (card.spec !== 'v1' && card.spec !== 'v2' && card.spec !== 'v3') return null;
  return {
    spec: card.spec,
    original: card.original,
    importedFrom: card.importedFrom === 'png' ? 'png' : 'json',
  };
}

export function avatarOf(pet: Pet): Uint8Array | null {
  const base64 = pet.extensions[EXT_KEYS.avatar];
  return typeof base64 === 'string' && base64 !== '' ? Buffer.from(base64, 'base64') : null;
}

export function storedLorebooksOf(pet: Pet): StoredLorebook[] {
  const books = pet.extensions[EXT_KEYS.lorebooks];
  if (!Array.isArray(books)) return [];
  return books.filter(
    (b): b is StoredLorebook => isObject(b) && typeof b.id === 'string' && isObject(b.book),
  );
}

/** The card's embedded lorebook, if the pet came from a card that has one. */
export function cardBookOf(pet: Pet): JsonObject | null {
  const card = storedCardOf(pet);
  if (!card || card.spec === 'v1') return null;
  const data = card.original.data;
  return isObject(data) && isObject(data.character_book) ? data.character_book : null;
}
