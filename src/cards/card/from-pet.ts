import { isDeepStrictEqual } from 'node:util';
import type { Pet, PetProfile } from '../../core/index.ts';
import { storedCardOf, storedLorebooksOf } from '../pet-extensions.ts';
import { readCardFields } from './parse-card.ts';
import { cardToProfile, joinExamples } from './to-profile.ts';
import { type CardFields, isObject, type JsonObject, SPEC_NAMES, SPEC_VERSIONS } from './types.ts';

/** Fields every V2 card has (V2 spec); V3 adds `group_only_greetings`. Filled only when absent. */
const V2_DEFAULTS: JsonObject = {
  name: '',
  description: '',
  personality: '',
  scenario: '',
  first_mes: '',
  mes_example: '',
  creator_notes: '',
  system_prompt: '',
  post_history_instructions: '',
  alternate_greetings: [],
  tags: [],
  creator: '',
  character_version: '',
  extensions: {},
};
const V3_DEFAULTS: JsonObject = { ...V2_DEFAULTS, group_only_greetings: [] };
const V1_FIELDS = ['name', 'description', 'personality', 'scenario', 'first_mes', 'mes_example'] as const;

/** ipet's own fields, under `data.extensions.ipet` (namespaced, as the V2 spec asks). */
export function ipetExtension(profile: PetProfile, friends: readonly string[] = []): JsonObject {
  return {
    version: 1,
    kind: profile.kind,
    appearance: profile.appearance,
    traits: [...profile.traits],
    speakingStyle: profile.speakingStyle,
    catchphrases: [...profile.catchphrases],
    likes: [...profile.likes],
    dislikes: [...profile.dislikes],
    emotionalTendencies: profile.emotionalTendencies,
    ...(friends.length > 0 ? { friends: [...friends] } : {}),
  };
}

/** Profile field -> card field it exports to (the inverse of cardToProfile's mapping). */
const MAPPED: Array<[keyof PetProfile, string, (p: PetProfile) => unknown]> = [
  ['background', 'description', (p) => p.background],
  ['personality', 'personality', (p) => p.personality],
  ['scenario', 'scenario', (p) => p.scenario],
  ['greeting', 'first_mes', (p) => p.greeting],
  ['exampleLines', 'mes_example', (p) => joinExamples(p.exampleLines)],
];

/**
 * The pet as a V2 or V3 card object. A pet imported from a card starts from that card, verbatim: unknown
 * fields, unknown extensions, the lorebook, root-level extras. A profile field that still holds what the
 * import derived from the card keeps the card's original (untruncated) text; an edited one exports the
 * edit. ipet's fine-grained fields go to `extensions.ipet`; standalone lorebooks are appended to
 * `character_book`.
 */
export function petToCard(
  pet: Pet,
  spec: 'v2' | 'v3',
  options: { friends?: readonly string[] } = {},
): JsonObject {
  const stored = storedCardOf(pet);
  const source = stored ? readStored(stored.original) : null;
  const derived = source ? source.profile : null;
  const p = pet.profile;
  const edited = (key: keyof PetProfile) => derived === null || !isDeepStrictEqual(derived[key], p[key]);

  const original = stored ? structuredClone(stored.original) : {};
  const { spec: _s, spec_version: _v, data: originalData, ...rootExtras } = original;
  const data: JsonObject =
    stored?.spec === 'v1'
      ? Object.fromEntries(V1_FIELDS.filter((k) => k in original).map((k) => [k, original[k]]))
      : isObject(originalData)
        ? originalData
        : {};

  if (edited('name')) data[source?.fields.nickname ? 'nickname' : 'name'] = p.name;
  for (const [key, field, value] of MAPPED) if (edited(key)) data[field] = value(p);

  for (const [key, value] of Object.entries(spec === 'v3' ? V3_DEFAULTS : V2_DEFAULTS)) {
    if (!(key in data)) data[key] = structuredClone(value);
  }
  data.extensions = {
    ...(isObject(data.extensions) ? data.extensions : {}),
    ipet: ipetExtension(p, options.friends),
  };
  const book = mergedBook(pet, data.character_book, spec);
  if (book) data.character_book = book;

  // V1-style mirrors of the main fields at the root (SillyTavern writes them) follow the data.
  for (const k of V1_FIELDS)
    if (typeof rootExtras[k] === 'string' && typeof data[k] === 'string') rootExtras[k] = data[k];
  return { spec: SPEC_NAMES[spec], spec_version: SPEC_VERSIONS[spec], data, ...rootExtras };
}

/** The stored card's fields and the profile it maps to; null if it no longer reads (then the profile wins). */
function readStored(original: JsonObject): { fields: CardFields; profile: PetProfile } | null {
  try {
    const { fields } = readCardFields(original);
    return { fields, profile: cardToProfile(fields).profile };
  } catch {
    return null;
  }
}

function mergedBook(pet: Pet, current: unknown, spec: 'v2' | 'v3'): JsonObject | null {
  const extra = storedLorebooksOf(pet);
  let book = isObject(current) ? current : null;
  if (extra.length > 0) {
    book ??= { name: `${pet.profile.name} lore`, extensions: {}, entries: [] };
    const entries = Array.isArray(book.entries) ? book.entries : [];
    book.entries = [
      ...entries,
      ...extra.flatMap((b) => (Array.isArray(b.book.entries) ? structuredClone(b.book.entries) : [])),
    ];
  }
  if (book && spec === 'v3' && Array.isArray(book.entries)) {
    for (const entry of book.entries) if (isObject(entry) && !('use_regex' in entry)) entry.use_regex = false;
  }
  return book;
}
