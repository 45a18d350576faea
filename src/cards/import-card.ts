import type { PetProfile } from '../core/index.ts';
import { parseCardJson } from './card/parse-card.ts';
import { readCardFile } from './card/read-card-file.ts';
import { cardToProfile } from './card/to-profile.ts';
import type { CardSpec, JsonObject, StoredCard } from './card/types.ts';
import { readLorebook } from './lore/book.ts';
import { EXT_KEYS } from './pet-extensions.ts';
import { LIMITS, rejected } from './rejected.ts';

export interface ImportedCard {
  spec: CardSpec;
  from: 'png' | 'json';
  /** The profile P the card maps to (see card/to-profile.ts), ready for createPet. */
  profile: PetProfile;
  /** `Pet.extensions` to store: the card verbatim, the avatar, nothing else. */
  extensions: Record<string, unknown>;
  loreEntries: number;
  /** Things the user should know: cut fields, dropped avatar, unsupported regex keys. */
  warnings: string[];
}

/**
 * Reads a character card - PNG/APNG bytes, JSON bytes, JSON text, or an already parsed object - and
 * returns what a pet made from it is. Pure and all-or-nothing: any malformed, oversized or hostile input
 * throws a ValidationError before anything exists. Macros (`{{char}}`, `{{user}}`, `<BOT>`, `<USER>`) are
 * kept as written and resolved when a prompt is built.
 */
export function importCard(input: Uint8Array | string | JsonObject): ImportedCard {
  const file =
    input instanceof Uint8Array
      ? readCardFile(input)
      : (() => {
          const json = typeof input === 'string' ? input : JSON.stringify(input);
          if (Buffer.byteLength(json) > LIMITS.cardJsonBytes) {
            throw rejected('character card', `the JSON is larger than ${LIMITS.cardJsonBytes} bytes`);
          }
          const card = parseCardJson(json);
          return { card, from: 'json' as const, avatar: null, warnings: [...card.warnings] };
        })();
  const { card } = file;
  const mapped = cardToProfile(card.fields);
  let loreEntries = 0;
  const warnings = [...file.warnings, ...mapped.warnings];
  if (card.fields.character_book) {
    const lore = readLorebook(card.fields.character_book, 'card', 'data.character_book');
    loreEntries = lore.book.entries.length;
    warnings.push(...lore.warnings);
  }
  const stored: StoredCard = { spec: card.spec, original: card.original, importedFrom: file.from };
  return {
    spec: card.spec,
    from: file.from,
    profile: mapped.profile,
    extensions: {
      [EXT_KEYS.card]: stored,
      ...(file.avatar ? { [EXT_KEYS.avatar]: Buffer.from(file.avatar).toString('base64') } : {}),
    },
    loreEntries,
    warnings,
  };
}
