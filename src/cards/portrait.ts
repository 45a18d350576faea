import { createHash } from 'node:crypto';
import type { Pet } from '../core/index.ts';
import { isObject } from './card/types.ts';
import { EXT_KEYS } from './pet-extensions.ts';
import { readPngChunks, writePng } from './png/chunks.ts';
import { TEXT_CHUNK_TYPES } from './png/text-chunks.ts';
import { rejected as cardRejected, LIMITS } from './rejected.ts';

const HINT = 'choose a PNG, JPEG or WebP image of at most 1 MB';
const rejected = (what: string, reason: string) => cardRejected(what, reason, 'file', HINT);

/**
 * A pet's portrait: the card's embedded image, or one the owner uploaded. PNG portraits live in
 * `extensions.avatarPng` (so a card export carries them); JPEG and WebP in `extensions.avatarImage`
 * (`{ type, data }`, base64). The bytes decide the type (never the declared one), so SVG or HTML can never be
 * stored or served as a portrait.
 */
export type PortraitType = 'image/png' | 'image/jpeg' | 'image/webp';
export const PORTRAIT_TYPES: readonly PortraitType[] = ['image/png', 'image/jpeg', 'image/webp'];
/** Largest portrait kept (the same cap as a card's embedded avatar). */
export const MAX_PORTRAIT_BYTES = LIMITS.avatarBytes;

export interface Portrait {
  bytes: Uint8Array;
  type: PortraitType;
}

const IMAGE_KEY = 'avatarImage';
/** Extension keys the portrait routes own: a profile update never sets or drops them. */
export const PORTRAIT_KEYS: readonly string[] = [EXT_KEYS.avatar, IMAGE_KEY];

/** The image type the magic bytes say, or null (SVG, HTML, GIF and everything else). */
export function sniffImage(bytes: Uint8Array): PortraitType | null {
  const b = (i: number) => bytes[i] ?? -1;
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'image/png';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg';
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 16 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/**
 * Checks an uploaded image and returns what is stored: PNG re-written without its text chunks (a card's
 * `chara` data or other metadata), JPEG without APPn/COM segments other than JFIF and Adobe (EXIF carries
 * camera and location), WebP without EXIF/XMP chunks. Anything else is a ValidationError.
 */
export function readPortrait(bytes: Uint8Array): Portrait {
  if (bytes.length === 0) throw rejected('portrait', 'the image is empty');
  if (bytes.length > MAX_PORTRAIT_BYTES) {
    throw rejected('portrait', `the image is larger than ${MAX_PORTRAIT_BYTES / 1024} KB`);
  }
  const type = sniffImage(bytes);
  if (type === 'image/png') {
    const chunks = readPngChunks(bytes).filter((c) => !TEXT_CHUNK_TYPES.has(c.type));
    return { type, bytes: writePng(chunks) };
  }
  if (type === 'image/jpeg') return { type, bytes: cleanJpeg(bytes) };
  if (type === 'image/webp') return { type, bytes: cleanWebp(bytes) };
  throw rejected('portrait', 'not a PNG, JPEG or WebP image');
}

/** The pet's portrait, or null; stored bytes that do not read as an image count as none. */
export function portraitOf(pet: Pet): Portrait | null {
  const png = pet.extensions[EXT_KEYS.avatar];
  if (typeof png === 'string' && png !== '') {
    const bytes = Buffer.from(png, 'base64');
    if (sniffImage(bytes) === 'image/png') return { bytes, type: 'image/png' };
  }
  const image = pet.extensions[IMAGE_KEY];
  if (isObject(image) && typeof image.data === 'string' && image.data !== '') {
    const bytes = Buffer.from(image.data, 'base64');
    const type = sniffImage(bytes);
    if (type && type === image.type) return { bytes, type };
  }
  return null;
}

/** A short version of the stored portrait (changes with its bytes), or null when the pet has none. */
export function portraitVersion(pet: Pet): string | null {
  const portrait = portraitOf(pet);
  return portrait ? createHash('sha256').update(portrait.bytes).digest('hex').slice(0, 12) : null;
}

/** `extensions` with `portrait` as the pet's only portrait (or none when null). */
export function withPortrait(
  extensions: Record<string, unknown>,
  portrait: Portrait | null,
): Record<string, unknown> {
  const rest = Object.fromEntries(Object.entries(extensions).filter(([k]) => !PORTRAIT_KEYS.includes(k)));
  if (!portrait) return rest;
  const data = Buffer.from(portrait.bytes).toString('base64');
  return portrait.type === 'image/png'
    ? { ...rest, [EXT_KEYS.avatar]: data }
    : { ...rest, [IMAGE_KEY]: { type: portrait.type, data } };
}

/** `extensions` without the portrait keys (what the API shows; the image has its own URL). */
export function withoutPortraitKeys(extensions: Record<string, unknown>): Record<string, unknown> {
  return withPortrait(extensions, null);
}

function cleanJpeg(bytes: Uint8Array): Uint8Array {
  const bad = () => rejected('portrait', 'the JPEG image is damaged');
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let at = 2;
  for (;;) {
    if (at + 4 > bytes.length || bytes[at] !== 0xff) throw bad();
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const length = ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0);
    if (length < 2 || at + 2 + length > bytes.length) throw bad();
    const segment = bytes.subarray(at, at + 2 + length);
    // APP0 (JFIF) and APP14 (Adobe colour transform) matter for decoding; other APPn and COM do not.
    const metadata = (marker >= 0xe1 && marker <= 0xef && marker !== 0xee) || marker === 0xfe;
    if (!metadata) kept.push(segment);
    at += 2 + length;
    if (marker === 0xda) {
      // Start of scan: the entropy-coded data and the rest of the file follow as they are.
      const rest = bytes.subarray(at);
      if (rest.length < 2 || rest.at(-2) !== 0xff || rest.at(-1) !== 0xd9) {
        if (!tailHasEnd(rest)) throw bad();
      }
      kept.push(rest);
      return Buffer.concat(kept);
    }
  }
}

/** An end-of-image marker near the end (some encoders pad after it). */
function tailHasEnd(rest: Uint8Array): boolean {
  for (let i = rest.length - 2; i >= Math.max(0, rest.length - 4096); i--) {
    if (rest[i] === 0xff && rest[i + 1] === 0xd9) return true;
  }
  return false;
}

function cleanWebp(bytes: Uint8Array): Uint8Array {
  const bad = () => rejected('portrait', 'the WebP image is damaged');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = view.getUint32(4, true);
  if (size + 8 > bytes.length || size < 4) throw bad();
  const kept: Uint8Array[] = [];
  const total = Math.min(bytes.length, size + 8);
  let image = false;
  let at = 12;
  while (at + 8 <= total) {
    const fourcc = String.fromCharCode(...bytes.subarray(at, at + 4));
    const length = view.getUint32(at + 4, true);
    const dataEnd = at + 8 + length;
    if (dataEnd > total) throw bad();
    const end = Math.min(dataEnd + (length % 2), total);
    const chunk = Uint8Array.from(bytes.subarray(at, end));
    if (fourcc === 'VP8 ' || fourcc === 'VP8L' || fourcc === 'ANIM') image = true;
    if (fourcc === 'VP8X' && chunk.length >= 9) chunk[8] = (chunk[8] ?? 0) & ~0x0c; // no EXIF/XMP flags
    if (fourcc !== 'EXIF' && fourcc !== 'XMP ') kept.push(chunk);
    at = end;
  }
  if (!image) throw bad();
  const body = Buffer.concat(kept);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length + 4, 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, body]);
}
