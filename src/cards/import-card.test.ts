import { describe, expect, it } from 'vitest';
import { petProfileSchema, ValidationError } from '../core/index.ts';
import { fixture, fixtureJson } from './fixtures.ts';
import { importCard } from './import-card.ts';
import { readPngChunks } from './png/chunks.ts';

describe('importCard: mapping', () => {
  it('maps a V1 flat card, keeping macros as written and the card verbatim', () => {
    const card = importCard(fixture('v1-flat.json'));
    expect(card.spec).toBe('v1');
    expect(card.profile).toMatchObject({
      name: 'Pip',
      kind: 'character',
      background: expect.stringMatching(/^\{\{char\}\} is a small brown sparrow/),
      personality: 'chatty, cheeky, easily startled, loyal to whoever feeds <BOT>',
      scenario: 'Early morning. <USER> opens the kitchen window and Pip hops onto the sill.',
      greeting: expect.stringContaining('Morning, {{user}}!'),
      exampleLines: [
        '{{user}}: Do you ever leave this street?\n{{char}}: Leave? And miss the bakery van at seven? Never!',
        expect.stringMatching(/^\{\{user\}\}: Where were you yesterday\?/),
      ],
    });
    expect(card.extensions.card).toEqual({
      spec: 'v1',
      original: fixtureJson('v1-flat.json'),
      importedFrom: 'json',
    });
    expect(card.extensions.avatarPng).toBeUndefined();
  });

  it('maps a V2 card from data (not the root mirrors) and counts its lore entries', () => {
    const card = importCard(fixture('v2-with-book.json'));
    expect(card.spec).toBe('v2');
    expect(card.profile.name).toBe('Captain Wren');
    expect(card.profile.scenario).toBe("{{user}} has just signed on as the ship's new navigator.");
    expect(card.loreEntries).toBe(5);
    expect(card.warnings).toEqual([]);
  });

  it('uses the V3 nickname as the name and warns about a regex key it cannot run', () => {
    const card = importCard(fixture('v3-rich.json'));
    expect(card.spec).toBe('v3');
    expect(card.profile.name).toBe('Lumen');
    expect(card.loreEntries).toBe(4);
    expect(card.warnings).toEqual([expect.stringMatching(/Old bridge.*lookbehind.*never matches/)]);
  });

  it('accepts JSON text and parsed objects the same way as bytes', () => {
    const json = new TextDecoder().decode(fixture('v2-with-book.json'));
    expect(importCard(json).profile).toEqual(importCard(fixture('v2-with-book.json')).profile);
    expect(importCard(fixtureJson('v2-with-book.json')).profile).toEqual(importCard(json).profile);
  });

  it('restores ipet fields from extensions.ipet, leniently', () => {
    const card = fixtureJson('v2-with-book.json') as { data: { extensions: Record<string, unknown> } };
    card.data.extensions.ipet = {
      version: 1,
      kind: 'airship captain',
      traits: ['gruff', '', 42, 'loyal'],
      likes: ['tea'],
      emotionalTendencies: 'slow to anger, quick to laugh',
    };
    expect(importCard(card).profile).toMatchObject({
      kind: 'airship captain',
      traits: ['gruff', 'loyal'],
      likes: ['tea'],
      emotionalTendencies: 'slow to anger, quick to laugh',
    });
  });

  it('cuts over-long text to the profile limits with a warning, and keeps the full text in the stored card', () => {
    const card = fixtureJson('v2-with-book.json') as { data: Record<string, unknown> };
    const long = `${'The Vey is vast. '.repeat(400)}🐦`;
    card.data.description = long;
    card.data.mes_example = Array.from({ length: 14 }, (_, i) => `<START>\n{{char}}: line ${i}`).join('\n');
    const imported = importCard(card);
    expect(imported.profile.background.length).toBeLessThanOrEqual(4000);
    expect(long.startsWith(imported.profile.background)).toBe(true);
    expect(imported.profile.exampleLines).toHaveLength(10);
    expect(imported.warnings).toEqual([
      expect.stringContaining('description was cut'),
      expect.stringContaining('mes_example: only the first 10 of 14'),
    ]);
    expect(
      (imported.extensions.card as { original: { data: { description: string } } }).original.data.description,
    ).toBe(long);
  });

  it('cuts to the same limits the profile schema enforces', () => {
    const card = fixtureJson('v1-flat.json');
    for (const [field, max] of [
      ['description', 4000],
      ['personality', 2000],
      ['scenario', 4000],
      ['first_mes', 1000],
    ] as const) {
      card[field] = 'x'.repeat(max + 50);
    }
    const { profile } = importCard(card);
    expect(profile.background).toHaveLength(4000);
    expect(profile.personality).toHaveLength(2000);
    expect(profile.scenario).toHaveLength(4000);
    expect(profile.greeting).toHaveLength(1000);
    expect(petProfileSchema.safeParse({ ...profile, background: `${profile.background}x` }).success).toBe(
      false,
    );
    expect(petProfileSchema.safeParse({ ...profile, personality: `${profile.personality}x` }).success).toBe(
      false,
    );
    expect(petProfileSchema.safeParse({ ...profile, greeting: `${profile.greeting}x` }).success).toBe(false);
  });
});

describe('importCard: PNG', () => {
  it('reads V1 and V2 cards from a chara chunk and keeps the image without its text chunks', () => {
    const v1 = importCard(fixture('v1-chara.png'));
    expect([v1.spec, v1.from, v1.profile.name]).toEqual(['v1', 'png', 'Pip']);
    const v2 = importCard(fixture('v2-chara.png'));
    expect(v2.profile).toEqual(importCard(fixture('v2-with-book.json')).profile);
    const avatar = Buffer.from(v2.extensions.avatarPng as string, 'base64');
    expect(readPngChunks(avatar).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  it('prefers the ccv3 chunk over the chara backfill', () => {
    const card = importCard(fixture('v3-ccv3-and-chara.png'));
    expect(card.spec).toBe('v3');
    expect(card.profile.name).toBe('Lumen');
    expect((card.extensions.card as { original: unknown }).original).toEqual(fixtureJson('v3-rich.json'));
  });

  it('keeps APNG animation chunks in the avatar', () => {
    const card = importCard(fixture('apng-v2.png'));
    const avatar = Buffer.from(card.extensions.avatarPng as string, 'base64');
    expect(readPngChunks(avatar).map((c) => c.type)).toEqual([
      'IHDR',
      'acTL',
      'fcTL',
      'IDAT',
      'fcTL',
      'fdAT',
      'IEND',
    ]);
  });

  it('drops an avatar over the size cap with a warning but imports the card', async () => {
    const { writePng } = await import('./png/chunks.ts');
    const chunks = readPngChunks(fixture('v2-chara.png'));
    const filler = { type: 'teST', data: new Uint8Array(1100 * 1024) };
    const big = writePng([...chunks.slice(0, -1), filler, chunks.at(-1)!]);
    const card = importCard(big);
    expect(card.extensions.avatarPng).toBeUndefined();
    expect(card.warnings).toEqual([expect.stringContaining('was not kept')]);
  });
});

describe('importCard: hostile and malformed input', () => {
  it.each([
    ['hostile/script-in-creator-notes.json', 'data.creator_notes contains a <script> tag'],
    ['hostile/onerror-in-description.json', 'data.description contains an HTML event handler (onerror=)'],
    ['hostile/encoded-javascript-url.json', 'data.first_mes contains a script URL'],
    [
      'hostile/svg-onload-in-extension.json',
      'data.extensions.x_theme.header.html contains an HTML event handler',
    ],
    ['hostile/iframe-in-lore.json', 'data.character_book.entries.0.content contains a <iframe> tag'],
    ['hostile/wrong-spec.json', 'unsupported spec "chara_card_v9"'],
    ['hostile/description-not-text.json', 'data.description must be a string'],
    ['hostile/name-too-long.json', 'the name is longer than 80 characters'],
    ['hostile/lore-entries-not-a-list.json', 'data.character_book.entries must be a list'],
    ['hostile/truncated-card.txt', 'not valid JSON'],
    ['hostile/bad-crc.png', 'bad CRC in chunk'],
    ['hostile/truncated.png', 'truncated'],
    ['hostile/no-card.png', 'no chara or ccv3 chunk'],
    ['hostile/bad-base64.png', 'chunk chara is not valid base64'],
    ['hostile/base64-not-json.png', 'not valid JSON'],
    ['hostile/ccv3-holds-v2.png', 'the ccv3 chunk holds a V2 card'],
    ['hostile/ztxt-bomb.png', 'decompression bomb'],
    ['hostile/script-in-chara.png', 'data.creator_notes contains a <script> tag'],
  ])('%s is rejected: %s', (name, message) => {
    expect(() => importCard(fixture(name))).toThrow(ValidationError);
    expect(() => importCard(fixture(name))).toThrow(message);
  });

  it('rejects files that are no card at all, and lorebooks with a pointer to the right command', () => {
    expect(() => importCard(Buffer.from('GIF89a'))).toThrow('not a PNG or JSON character card');
    expect(() => importCard(Buffer.from('PK\u0003\u0004....', 'latin1'))).toThrow('CHARX');
    expect(() => importCard(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toThrow('JPEG');
    expect(() => importCard(Buffer.from([0x7b, 0xff, 0xfe]))).toThrow('not valid UTF-8');
    expect(() => importCard(fixture('lorebook-v3.json'))).toThrow('this file is a lorebook');
    expect(() => importCard('[1, 2]')).toThrow('not an object');
    expect(() => importCard('{"description": "no name"}')).toThrow('name is required');
    expect(() => importCard('{"spec": "chara_card_v2"}')).toThrow('`data` must be an object');
  });

  it('rejects card JSON over 2 MB, raw or inside a PNG, and files over 16 MB', async () => {
    const big = JSON.stringify({ name: 'Big', description: 'x'.repeat(2.1 * 1024 * 1024) });
    expect(() => importCard(big)).toThrow('larger than');
    expect(() => importCard(Buffer.from(big))).toThrow('larger than');
    const { textChunk } = await import('./png/text-chunks.ts');
    const { writePng } = await import('./png/chunks.ts');
    const chunks = readPngChunks(fixture('hostile/no-card.png'));
    const png = writePng([
      ...chunks.slice(0, -1),
      textChunk('chara', Buffer.from(big).toString('base64')),
      chunks.at(-1)!,
    ]);
    expect(() => importCard(png)).toThrow('larger than');
    expect(() => importCard(new Uint8Array(17 * 1024 * 1024))).toThrow('larger than 16 MB');
  });
});
