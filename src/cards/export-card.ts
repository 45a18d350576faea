import type { Pet } from '../core/index.ts';
import { petToCard } from './card/from-pet.ts';
import type { JsonObject } from './card/types.ts';
import { avatarOf, storedCardOf } from './pet-extensions.ts';
import { type PngChunk, readPngChunks, writePng } from './png/chunks.ts';
import { placeholderPng } from './png/placeholder.ts';
import { TEXT_CHUNK_TYPES, textChunk } from './png/text-chunks.ts';
import { LIMITS, rejected } from './rejected.ts';

export type CardFormat = 'png' | 'json';
export type ExportSpec = 'v2' | 'v3';

export interface ExportCardOptions {
  format: CardFormat;
  /** JSON only (a PNG carries both). Default: the spec the pet was imported with (V1 -> V2), else V3. */
  spec?: ExportSpec;
  /** Names of the pet's friends, written to `extensions.ipet.friends`. */
  friends?: readonly string[];
}

export interface ExportedCard {
  bytes: Uint8Array;
  mediaType: 'image/png' | 'application/json';
  /** The card written (for PNG: the V3 one; the `chara` chunk holds the same card as V2). */
  card: JsonObject;
}

export function defaultSpec(pet: Pet): ExportSpec {
  const stored = storedCardOf(pet);
  return stored && stored.spec !== 'v3' ? 'v2' : 'v3';
}

function encode(card: JsonObject): Buffer {
  const bytes = Buffer.from(JSON.stringify(card), 'utf8');
  // Never write a card ipet itself would refuse to read back.
  if (bytes.length > LIMITS.cardJsonBytes) {
    throw rejected(
      'card export',
      `the card would be larger than ${LIMITS.cardJsonBytes} bytes`,
      'file',
      'remove some lorebooks from the pet and export again',
    );
  }
  return bytes;
}

function imageChunks(pet: Pet): PngChunk[] {
  const avatar = avatarOf(pet);
  if (avatar) {
    try {
      return readPngChunks(avatar).filter((c) => !TEXT_CHUNK_TYPES.has(c.type));
    } catch {
      // A stored avatar that no longer reads is replaced, not fatal.
    }
  }
  return readPngChunks(placeholderPng(pet.profile.name));
}

/**
 * The pet as a character card. JSON: one V2 or V3 card. PNG: the pet's avatar (or a generated placeholder)
 * carrying both a `chara` chunk (V2 JSON, base64) for older tools and a `ccv3` chunk (V3 JSON, base64).
 */
export function exportCard(pet: Pet, options: ExportCardOptions): ExportedCard {
  const extra = options.friends ? { friends: options.friends } : {};
  if (options.format === 'json') {
    const card = petToCard(pet, options.spec ?? defaultSpec(pet), extra);
    encode(card);
    return { bytes: Buffer.from(`${JSON.stringify(card, null, 2)}\n`), mediaType: 'application/json', card };
  }
  const v2 = petToCard(pet, 'v2', extra);
  const v3 = petToCard(pet, 'v3', extra);
  const chunks = imageChunks(pet);
  const iend = chunks.findIndex((c) => c.type === 'IEND');
  chunks.splice(
    iend,
    0,
    textChunk('chara', encode(v2).toString('base64')),
    textChunk('ccv3', encode(v3).toString('base64')),
  );
  return { bytes: writePng(chunks), mediaType: 'image/png', card: v3 };
}
