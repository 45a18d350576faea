import { decodeJsonBytes, parseJsonObject } from '../card/parse-card.ts';
import { isObject, type JsonObject } from '../card/types.ts';
import { LIMITS, rejected } from '../rejected.ts';
import { type Lorebook, readLorebook } from './book.ts';

/**
 * A standalone lorebook file: `{ "spec": "lorebook_v3", "data": Lorebook }` (V3 spec), or a bare lorebook
 * object with `entries` (a V2 `character_book` saved alone). Returns the book object to store verbatim
 * and its checked form. Character cards and other JSON are refused with a pointer to the right command.
 */
export function readLorebookFile(
  input: Uint8Array | string,
  bookId: string,
): { raw: JsonObject; book: Lorebook; warnings: string[] } {
  const what = 'lorebook';
  const json = typeof input === 'string' ? input : decodeJsonBytes(input, what, LIMITS.lorebookBytes);
  if (typeof input === 'string' && Buffer.byteLength(input) > LIMITS.lorebookBytes) {
    throw rejected(what, `the JSON is larger than ${LIMITS.lorebookBytes} bytes`);
  }
  const file = parseJsonObject(json, what);
  let raw: unknown;
  if (file.spec === 'lorebook_v3') raw = file.data;
  else if (file.spec === 'chara_card_v2' || file.spec === 'chara_card_v3') {
    throw rejected(
      what,
      'this file is a character card',
      'spec',
      'import it with `ipet pet import FILE --owner USER_ID`',
    );
  } else if (file.spec === undefined && Array.isArray(file.entries)) raw = file;
  else
    throw rejected(
      what,
      'expected a lorebook_v3 file ({ "spec": "lorebook_v3", "data": { "entries": [...] } })',
      'spec',
    );
  if (!isObject(raw)) throw rejected(what, '`data` must be an object', 'data');
  const { book, warnings } = readLorebook(raw, bookId, 'data');
  return { raw, book, warnings };
}
