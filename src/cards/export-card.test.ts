import { describe, expect, it } from 'vitest';
import type { Pet } from '../core/index.ts';
import { petProfileSchema } from '../core/index.ts';
import { aPet } from '../test/index.ts';
import type { JsonObject } from './card/types.ts';
import { exportCard } from './export-card.ts';
import { fixture, fixtureJson } from './fixtures.ts';
import { type ImportedCard, importCard } from './import-card.ts';
import { readPngChunks } from './png/chunks.ts';
import { readTextChunk, textKeyword } from './png/text-chunks.ts';

const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as JsonObject;
const IMPORTED_AT = new Date('2025-03-04T13:05:00Z');
/** The pet an import result becomes once stored. */
const petFromImport = (imported: ImportedCard, overrides: Partial<Pet> = {}) =>
  aPet({
    id: 'pet_card',
    profile: imported.profile,
    extensions: structuredClone(imported.extensions),
    createdAt: IMPORTED_AT,
    updatedAt: IMPORTED_AT,
    ...overrides,
  });
const petOf = (name: string, overrides: Partial<Pet> = {}) =>
  petFromImport(importCard(fixture(name)), overrides);

/** The card JSON in each text chunk of a PNG, by keyword. */
function cardChunks(png: Uint8Array): Record<string, JsonObject> {
  const out: Record<string, JsonObject> = {};
  for (const chunk of readPngChunks(png)) {
    const keyword = textKeyword(chunk);
    if (keyword) out[keyword] = decode(Buffer.from(readTextChunk(chunk, 1e7).text, 'base64'));
  }
  return out;
}

/** `exported` holds every field of `original` with the same value (it may add fields). */
function expectPreserved(original: unknown, exported: unknown, path = '$'): void {
  if (original !== null && typeof original === 'object' && !Array.isArray(original)) {
    expect(exported, path).toBeTypeOf('object');
    for (const [k, v] of Object.entries(original))
      expectPreserved(v, (exported as JsonObject)[k], `${path}.${k}`);
    return;
  }
  if (Array.isArray(original)) {
    expect(Array.isArray(exported), path).toBe(true);
    expect((exported as unknown[]).length, path).toBe(original.length);
    for (const [i, v] of original.entries()) expectPreserved(v, (exported as unknown[])[i], `${path}.${i}`);
    return;
  }
  expect(exported, path).toEqual(original);
}

function withIpet(card: JsonObject, pet: Pet): JsonObject {
  const copy = structuredClone(card) as { data: { extensions: JsonObject } };
  const p = pet.profile;
  copy.data.extensions.ipet = {
    version: 1,
    kind: p.kind,
    appearance: p.appearance,
    traits: p.traits,
    speakingStyle: p.speakingStyle,
    catchphrases: p.catchphrases,
    likes: p.likes,
    dislikes: p.dislikes,
    emotionalTendencies: p.emotionalTendencies,
  };
  return copy as unknown as JsonObject;
}

describe('exportCard: round trips', () => {
  it('V2 JSON -> pet -> V2 JSON is the original card plus extensions.ipet, exactly', () => {
    const pet = petOf('v2-with-book.json');
    const out = exportCard(pet, { format: 'json' });
    expect(out.mediaType).toBe('application/json');
    expect(decode(out.bytes)).toEqual(withIpet(fixtureJson('v2-with-book.json'), pet));
  });

  it('V3 JSON -> pet -> V3 JSON is the original card plus extensions.ipet, exactly', () => {
    const pet = petOf('v3-rich.json');
    expect(decode(exportCard(pet, { format: 'json' }).bytes)).toEqual(
      withIpet(fixtureJson('v3-rich.json'), pet),
    );
  });

  it('an exported card imports back to the same profile, and exports to the same card again', () => {
    for (const name of ['v1-flat.json', 'v2-with-book.json', 'v3-rich.json']) {
      const pet = petOf(name, {
        profile: { ...petOf(name).profile, kind: 'sparrow', traits: ['nosy'], likes: ['crumbs'] },
      });
      const first = exportCard(pet, { format: 'json' });
      const again = petFromImport(importCard(first.bytes));
      expect(again.profile, name).toEqual(pet.profile);
      expect(decode(exportCard(again, { format: 'json' }).bytes), name).toEqual(decode(first.bytes));
    }
  });

  it('V1 -> V2 keeps the flat fields as root mirrors and every V1 extra', () => {
    const pet = petOf('v1-flat.json');
    const card = decode(exportCard(pet, { format: 'json' }).bytes) as JsonObject & { data: JsonObject };
    const v1 = fixtureJson('v1-flat.json');
    expect(card).toMatchObject({ spec: 'chara_card_v2', spec_version: '2.0', ...v1 });
    for (const k of ['name', 'description', 'personality', 'scenario', 'first_mes', 'mes_example'])
      expect(card.data[k]).toBe(v1[k]);
    expect(card.data).toMatchObject({
      alternate_greetings: [],
      tags: [],
      creator_notes: '',
      extensions: { ipet: { version: 1 } },
    });
  });

  it.each([
    'v2-with-book.json',
    'v3-rich.json',
  ])('%s -> PNG carries V2 in chara and V3 in ccv3, both preserving every field', (name) => {
    const original = fixtureJson(name);
    const pet = petOf(name);
    const png = exportCard(pet, { format: 'png' });
    expect(png.mediaType).toBe('image/png');
    const chunks = cardChunks(png.bytes);
    expect(Object.keys(chunks).sort()).toEqual(['ccv3', 'chara']);
    expect(chunks.chara).toMatchObject({ spec: 'chara_card_v2', spec_version: '2.0' });
    expect(chunks.ccv3).toMatchObject({ spec: 'chara_card_v3', spec_version: '3.0' });
    expect(chunks.chara!.data).toEqual(decode(exportCard(pet, { format: 'json', spec: 'v2' }).bytes).data);
    expect(chunks.ccv3!.data).toEqual(decode(exportCard(pet, { format: 'json', spec: 'v3' }).bytes).data);
    const { spec: _s, spec_version: _v, ...rest } = original;
    expectPreserved(rest, chunks.chara);
    expectPreserved(rest, chunks.ccv3);

    // PNG -> pet -> JSON: still every field of the first card.
    const again = petFromImport(importCard(png.bytes));
    expect(again.profile).toEqual(pet.profile);
    expectPreserved(rest, decode(exportCard(again, { format: 'json', spec: 'v2' }).bytes));
    expectPreserved(rest, decode(exportCard(again, { format: 'json', spec: 'v3' }).bytes));
  });

  it('V3 export of a V2 card adds what V3 requires; V2 export of a V3 card keeps the V3-only fields', () => {
    const v3 = decode(exportCard(petOf('v2-with-book.json'), { format: 'json', spec: 'v3' }).bytes) as {
      data: JsonObject & { character_book: { entries: JsonObject[] } };
    };
    expect(v3.data.group_only_greetings).toEqual([]);
    expect(v3.data.character_book.entries.every((e) => e.use_regex === false)).toBe(true);
    const v2 = decode(exportCard(petOf('v3-rich.json'), { format: 'json', spec: 'v2' }).bytes) as {
      data: JsonObject;
    };
    expect(v2.data).toMatchObject({
      nickname: 'Lumen',
      assets: expect.any(Array),
      creation_date: 1714000000,
    });
  });

  it('puts the stored avatar under the card chunks (APNG frames included) and a placeholder when there is none', () => {
    const apng = exportCard(petOf('apng-v2.png'), { format: 'png' });
    expect(readPngChunks(apng.bytes).map((c) => c.type)).toEqual([
      'IHDR',
      'acTL',
      'fcTL',
      'IDAT',
      'fcTL',
      'fdAT',
      'tEXt',
      'tEXt',
      'IEND',
    ]);
    const plain = exportCard(petOf('v2-with-book.json'), { format: 'png' });
    expect(readPngChunks(plain.bytes).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'tEXt', 'tEXt', 'IEND']);
  });
});

describe('exportCard: edits and native pets', () => {
  it('exports edited profile fields and the original text of unedited ones (even when it was cut)', () => {
    const card = fixtureJson('v2-with-book.json') as { data: JsonObject };
    const long = 'The Vey is vast. '.repeat(400);
    card.data.description = long;
    const pet = petFromImport(importCard(card));
    const edited: Pet = {
      ...pet,
      profile: { ...pet.profile, greeting: 'Welcome aboard, {{user}}.', exampleLines: ['{{char}}: Aye.'] },
    };
    const out = decode(exportCard(edited, { format: 'json' }).bytes) as {
      data: JsonObject;
      first_mes: string;
    };
    expect(out.data.first_mes).toBe('Welcome aboard, {{user}}.');
    expect(out.first_mes).toBe('Welcome aboard, {{user}}.'); // the root mirror follows
    expect(out.data.mes_example).toBe('<START>\n{{char}}: Aye.');
    expect(out.data.description).toBe(long);
    expect(out.data.personality).toBe((card.data as JsonObject).personality);
  });

  it('renames through the nickname when the card has one', () => {
    const pet = petOf('v3-rich.json');
    const out = decode(
      exportCard({ ...pet, profile: { ...pet.profile, name: 'Lulu' } }, { format: 'json' }).bytes,
    ) as { data: JsonObject };
    expect(out.data).toMatchObject({ name: 'Lumen of the Lantern Market', nickname: 'Lulu' });
  });

  it('writes a complete card for a pet made in ipet, with its fine-grained fields under extensions.ipet', () => {
    const at = new Date('2025-03-04T13:05:00Z');
    const pet: Pet = {
      id: 'pet_1',
      ownerId: 'usr_1',
      profile: petProfileSchema.parse({
        name: 'Mochi',
        kind: 'hamster',
        personality: 'Shy but curious.',
        traits: ['shy', 'curious'],
        likes: ['sunflower seeds'],
        dislikes: ['loud noises'],
        emotionalTendencies: 'startles easily, warms up slowly',
        greeting: 'H-hello, {{user}}...',
        exampleLines: ['{{char}}: *hides a seed*'],
      }),
      extensions: {},
      createdAt: at,
      updatedAt: at,
    };
    const card = decode(exportCard(pet, { format: 'json', friends: ['Pebble', 'Maple'] }).bytes);
    expect(card).toEqual({
      spec: 'chara_card_v3',
      spec_version: '3.0',
      data: {
        name: 'Mochi',
        description: '',
        personality: 'Shy but curious.',
        scenario: '',
        first_mes: 'H-hello, {{user}}...',
        mes_example: '<START>\n{{char}}: *hides a seed*',
        creator_notes: '',
        system_prompt: '',
        post_history_instructions: '',
        alternate_greetings: [],
        group_only_greetings: [],
        tags: [],
        creator: '',
        character_version: '',
        extensions: {
          ipet: {
            version: 1,
            kind: 'hamster',
            appearance: '',
            traits: ['shy', 'curious'],
            speakingStyle: '',
            catchphrases: [],
            likes: ['sunflower seeds'],
            dislikes: ['loud noises'],
            emotionalTendencies: 'startles easily, warms up slowly',
            friends: ['Pebble', 'Maple'],
          },
        },
      },
    });
    expect(importCard(exportCard(pet, { format: 'png' }).bytes).profile).toEqual(pet.profile);
  });

  it('appends standalone lorebooks to the exported character_book', () => {
    const pet = petOf('v2-with-book.json');
    const book = (fixtureJson('lorebook-v3.json') as { data: JsonObject }).data;
    pet.extensions.lorebooks = [
      { id: 'lore_1', name: 'Kitchen street', importedAt: '2025-03-04T13:05:00.000Z', book },
    ];
    const out = decode(exportCard(pet, { format: 'json' }).bytes) as {
      data: { character_book: { entries: JsonObject[]; name: string } };
    };
    expect(out.data.character_book.name).toBe('The Vey');
    expect(out.data.character_book.entries.map((e) => e.name)).toEqual([
      'Ship',
      'Harrow Spire in storms',
      'Ship rule',
      'Old mutiny (disabled)',
      'Cargo',
      'Bakery van',
      'Marmalade',
      'Setting',
    ]);
  });
});
