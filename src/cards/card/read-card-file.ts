import { readPngChunks, writePng } from '../png/chunks.ts';
import { readTextChunk, TEXT_CHUNK_TYPES, textKeyword } from '../png/text-chunks.ts';
import { LIMITS, rejected } from '../rejected.ts';
import { decodeJsonBytes, parseCardJson } from './parse-card.ts';
import type { ParsedCard } from './types.ts';

export interface CardFile {
  card: ParsedCard;
  from: 'png' | 'json';
  /** The image without its text chunks (so without the card), or null for JSON cards and oversized images. */
  avatar: Uint8Array | null;
  warnings: string[];
}

const WHAT = 'PNG card';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Base64 text that can decode to at most the card JSON cap (plus slack for line breaks). */
const MAX_BASE64_CHARS = Math.ceil(LIMITS.cardJsonBytes / 3) * 4 + 64 * 1024;

/** Strict base64: Buffer.from would silently skip bad characters; a card with them is corrupt. */
export function decodeBase64(text: string, keyword: string): Uint8Array {
  const compact = text.replace(/[\s]+/g, '');
  if (compact.length === 0) throw rejected(WHAT, `chunk ${keyword} is empty`);
  if (!BASE64.test(compact) || compact.length % 4 === 1)
    throw rejected(WHAT, `chunk ${keyword} is not valid base64`);
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length > LIMITS.cardJsonBytes) {
    throw rejected(WHAT, `the card JSON in ${keyword} is larger than ${LIMITS.cardJsonBytes} bytes`);
  }
  return bytes;
}

function sniff(bytes: Uint8Array): 'png' | 'json' {
  const head = Buffer.from(bytes.subarray(0, 8));
  if (head.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) return 'png';
  const first = bytes.find(
    (b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0xef && b !== 0xbb && b !== 0xbf,
  );
  if (first === 0x7b) return 'json';
  if (head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
    throw rejected(
      'character card',
      'CHARX (zip) cards are not supported',
      'file',
      'export the card as PNG or JSON',
    );
  }
  if (head[0] === 0xff && head[1] === 0xd8) {
    throw rejected(
      'character card',
      'JPEG images cannot carry a card',
      'file',
      'use the PNG or JSON export of the card',
    );
  }
  throw rejected('character card', 'not a PNG or JSON character card');
}

/**
 * Reads a card file: a PNG/APNG whose `ccv3` tEXt chunk (V3, preferred) or `chara` chunk (V1/V2) holds
 * base64 JSON, or a JSON file. Every size is capped before memory is spent on it; any defect is a
 * ValidationError. Pure: nothing is stored.
 */
export function readCardFile(bytes: Uint8Array): CardFile {
  if (bytes.length > LIMITS.fileBytes) {
    throw rejected('character card', `the file is larger than ${LIMITS.fileBytes / 1024 / 1024} MB`);
  }
  if (sniff(bytes) === 'json') {
    const card = parseCardJson(decodeJsonBytes(bytes));
    return { card, from: 'json', avatar: null, warnings: [...card.warnings] };
  }

  const chunks = readPngChunks(bytes);
  const found = new Map<string, (typeof chunks)[number]>();
  for (const chunk of chunks) {
    const keyword = textKeyword(chunk)?.toLowerCase();
    if ((keyword === 'ccv3' || keyword === 'chara') && !found.has(keyword)) found.set(keyword, chunk);
  }
  const keyword = found.has('ccv3') ? 'ccv3' : found.has('chara') ? 'chara' : null;
  if (keyword === null) throw rejected(WHAT, 'the image has no chara or ccv3 chunk, so it carries no card');
  const { text } = readTextChunk(found.get(keyword)!, MAX_BASE64_CHARS);
  const card = parseCardJson(decodeJsonBytes(decodeBase64(text, keyword)));
  if (keyword === 'ccv3' && card.spec !== 'v3') {
    throw rejected(WHAT, `the ccv3 chunk holds a ${card.spec.toUpperCase()} card, not chara_card_v3`, 'spec');
  }

  const warnings = [...card.warnings];
  const image = writePng(chunks.filter((c) => !TEXT_CHUNK_TYPES.has(c.type)));
  let avatar: Uint8Array | null = image;
  if (image.length > LIMITS.avatarBytes) {
    avatar = null;
    warnings.push(
      `the avatar image (${Math.round(image.length / 1024)} KB) is larger than ${LIMITS.avatarBytes / 1024} KB and was not kept; exports use a placeholder`,
    );
  }
  return { card, from: 'png', avatar, warnings };
}
