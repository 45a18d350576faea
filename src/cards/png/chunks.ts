import { LIMITS, rejected } from '../rejected.ts';
import { crc32 } from './crc32.ts';

/** One PNG chunk: its four-letter type and its data (length and CRC are derived). */
export interface PngChunk {
  type: string;
  data: Uint8Array;
}

export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

export function hasPngSignature(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

const TYPE = /^[A-Za-z]{4}$/;
const latin1 = new TextDecoder('latin1');

/**
 * Splits a PNG (or APNG) into its chunks, checking what a reader must: the signature, IHDR first, every
 * chunk whole and inside the file, every CRC, IEND present. Bytes after IEND are ignored. Throws a
 * ValidationError naming the first problem; never reads past the buffer.
 */
export function readPngChunks(bytes: Uint8Array): PngChunk[] {
  const what = 'PNG card';
  if (!hasPngSignature(bytes)) throw rejected(what, 'not a PNG file (bad signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  let at = 8;
  for (;;) {
    if (at + 12 > bytes.length) throw rejected(what, `truncated: chunk header at byte ${at} is cut off`);
    const length = view.getUint32(at);
    const type = latin1.decode(bytes.subarray(at + 4, at + 8));
    if (!TYPE.test(type)) throw rejected(what, `invalid chunk type at byte ${at + 4}`);
    if (length > 0x7fffffff || at + 12 + length > bytes.length) {
      throw rejected(what, `truncated: chunk ${type} at byte ${at} claims ${length} bytes past the end`);
    }
    const typeBytes = bytes.subarray(at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    const stored = view.getUint32(at + 8 + length);
    if (crc32(typeBytes, data) !== stored) throw rejected(what, `bad CRC in chunk ${type} at byte ${at}`);
    if (chunks.length === 0 && (type !== 'IHDR' || length !== 13)) {
      throw rejected(what, 'the first chunk is not a valid IHDR');
    }
    chunks.push({ type, data });
    if (chunks.length > LIMITS.pngChunks) throw rejected(what, `more than ${LIMITS.pngChunks} chunks`);
    at += 12 + length;
    if (type === 'IEND') return chunks;
  }
}

/** Serialises chunks into a PNG file, computing lengths and CRCs. */
export function writePng(chunks: readonly PngChunk[]): Uint8Array {
  const size = chunks.reduce((n, c) => n + 12 + c.data.length, PNG_SIGNATURE.length);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(PNG_SIGNATURE, 0);
  let at = PNG_SIGNATURE.length;
  for (const chunk of chunks) {
    if (!TYPE.test(chunk.type)) throw new RangeError(`invalid PNG chunk type ${chunk.type}`);
    const type = Uint8Array.from(chunk.type, (ch) => ch.charCodeAt(0));
    view.setUint32(at, chunk.data.length);
    out.set(type, at + 4);
    out.set(chunk.data, at + 8);
    view.setUint32(at + 8 + chunk.data.length, crc32(type, chunk.data));
    at += 12 + chunk.data.length;
  }
  return out;
}
