import { inflateSync } from 'node:zlib';
import { rejected } from '../rejected.ts';
import type { PngChunk } from './chunks.ts';

export const TEXT_CHUNK_TYPES = new Set(['tEXt', 'zTXt', 'iTXt']);

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: true });

function splitAtNul(data: Uint8Array, from = 0): [Uint8Array, number] {
  const nul = data.indexOf(0, from);
  if (nul === -1) throw rejected('PNG card', 'a text chunk has no NUL separator');
  return [data.subarray(from, nul), nul + 1];
}

/** The keyword of a tEXt/zTXt/iTXt chunk (Latin-1, 1 to 79 bytes), or null when the chunk has none. */
export function textKeyword(chunk: PngChunk): string | null {
  if (!TEXT_CHUNK_TYPES.has(chunk.type)) return null;
  const nul = chunk.data.indexOf(0);
  if (nul < 1 || nul > 79) return null;
  return latin1.decode(chunk.data.subarray(0, nul));
}

function inflateCapped(data: Uint8Array, maxBytes: number, keyword: string): Uint8Array {
  try {
    return inflateSync(data, { maxOutputLength: maxBytes });
  } catch (error) {
    const tooLarge =
      error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw rejected(
      'PNG card',
      tooLarge
        ? `compressed chunk ${keyword} inflates past ${maxBytes} bytes (decompression bomb?)`
        : `compressed chunk ${keyword} is corrupt`,
    );
  }
}

/**
 * The text of a tEXt, zTXt or iTXt chunk. Compressed text is inflated with a hard output cap, so a small
 * chunk that expands to gigabytes is refused instead of filling memory. Text longer than `maxBytes` is
 * refused before it is decoded.
 */
export function readTextChunk(chunk: PngChunk, maxBytes: number): { keyword: string; text: string } {
  const [kw, afterKeyword] = splitAtNul(chunk.data);
  const keyword = latin1.decode(kw);
  const tooLong = () => rejected('PNG card', `text chunk ${keyword} is larger than ${maxBytes} bytes`);
  if (chunk.type === 'tEXt') {
    const body = chunk.data.subarray(afterKeyword);
    if (body.length > maxBytes) throw tooLong();
    return { keyword, text: latin1.decode(body) };
  }
  if (chunk.type === 'zTXt') {
    if (chunk.data[afterKeyword] !== 0)
      throw rejected('PNG card', `chunk ${keyword} uses an unknown compression`);
    return {
      keyword,
      text: latin1.decode(inflateCapped(chunk.data.subarray(afterKeyword + 1), maxBytes, keyword)),
    };
  }
  if (chunk.type === 'iTXt') {
    const compressed = chunk.data[afterKeyword];
    const method = chunk.data[afterKeyword + 1];
    if (compressed === undefined || method === undefined)
      throw rejected('PNG card', `chunk ${keyword} is truncated`);
    const [, afterLanguage] = splitAtNul(chunk.data, afterKeyword + 2);
    const [, afterTranslated] = splitAtNul(chunk.data, afterLanguage);
    let body = chunk.data.subarray(afterTranslated);
    if (compressed === 1) {
      if (method !== 0) throw rejected('PNG card', `chunk ${keyword} uses an unknown compression`);
      body = inflateCapped(body, maxBytes, keyword);
    } else if (body.length > maxBytes) throw tooLong();
    try {
      return { keyword, text: utf8.decode(body) };
    } catch {
      throw rejected('PNG card', `chunk ${keyword} is not valid UTF-8`);
    }
  }
  throw new RangeError(`${chunk.type} is not a text chunk`);
}

/** A tEXt chunk. Both keyword and text must be Latin-1 (card payloads are base64, hence ASCII). */
export function textChunk(keyword: string, text: string): PngChunk {
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword)) throw new RangeError(`invalid tEXt keyword ${keyword}`);
  if (/[^\x00-\xff]/.test(text)) throw new RangeError('tEXt text must be Latin-1');
  const data = new Uint8Array(keyword.length + 1 + text.length);
  for (let i = 0; i < keyword.length; i++) data[i] = keyword.charCodeAt(i);
  for (let i = 0; i < text.length; i++) data[keyword.length + 1 + i] = text.charCodeAt(i);
  return { type: 'tEXt', data };
}
