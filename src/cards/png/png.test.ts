import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/index.ts';
import { type PngChunk, readPngChunks, writePng } from './chunks.ts';
import { crc32 } from './crc32.ts';
import { placeholderPng } from './placeholder.ts';
import { readTextChunk, textChunk, textKeyword } from './text-chunks.ts';

const ascii = (s: string) => new TextEncoder().encode(s);
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function withChunks(extra: PngChunk[]): Uint8Array {
  const chunks = readPngChunks(placeholderPng('test'));
  return writePng([...chunks.slice(0, -1), ...extra, chunks.at(-1)!]);
}

describe('crc32', () => {
  it('matches the standard check value and the CRC of a real IEND chunk', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32(ascii('IEND'))).toBe(0xae426082);
    expect(crc32(ascii('12345'), ascii('6789'))).toBe(0xcbf43926);
  });
});

describe('PNG chunks', () => {
  it('writes a placeholder that reads back as IHDR, IDAT, IEND with a 64x64 RGB image', () => {
    const png = placeholderPng('Mochi');
    const chunks = readPngChunks(png);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const ihdr = new DataView(chunks[0]!.data.buffer, chunks[0]!.data.byteOffset);
    expect([ihdr.getUint32(0), ihdr.getUint32(4), chunks[0]!.data[8], chunks[0]!.data[9]]).toEqual([
      64, 64, 8, 2,
    ]);
    expect(inflateSync(chunks[1]!.data).length).toBe(64 * (1 + 64 * 3));
    expect(placeholderPng('Mochi')).toEqual(png);
    expect(placeholderPng('Biscuit')).not.toEqual(png);
  });

  it('round-trips arbitrary chunks byte for byte', () => {
    const png = withChunks([
      textChunk('chara', 'eyJhIjoxfQ=='),
      { type: 'acTL', data: Uint8Array.of(0, 0, 0, 2, 0, 0, 0, 0) },
    ]);
    expect(writePng(readPngChunks(png))).toEqual(png);
    expect(readPngChunks(png).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'tEXt', 'acTL', 'IEND']);
  });

  it('ignores bytes after IEND', () => {
    const png = placeholderPng('x');
    const padded = new Uint8Array([...png, 1, 2, 3]);
    expect(readPngChunks(padded).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  const reject = (bytes: Uint8Array, message: string) => {
    expect(() => readPngChunks(bytes)).toThrow(ValidationError);
    expect(() => readPngChunks(bytes)).toThrow(message);
  };

  it('rejects a file that is not a PNG', () => reject(ascii('GIF89a......'), 'not a PNG'));

  it('rejects a flipped bit anywhere in a chunk (bad CRC)', () => {
    const png = withChunks([textChunk('chara', 'eyJhIjoxfQ==')]);
    const at = png.length - 12 - 10; // inside the tEXt data
    const broken = png.slice();
    broken[at]! ^= 0x01;
    reject(broken, 'bad CRC in chunk tEXt');
  });

  it('rejects truncated files and chunks that claim more bytes than the file has', () => {
    const png = placeholderPng('x');
    reject(png.subarray(0, png.length - 6), 'truncated');
    reject(png.subarray(0, 20), 'truncated');
    const lying = png.slice();
    new DataView(lying.buffer).setUint32(33, 0x7ffffff0); // IDAT length
    reject(lying, 'past the end');
  });

  it('rejects a PNG whose first chunk is not IHDR', () => {
    const chunks = readPngChunks(placeholderPng('x'));
    reject(writePng([chunks[1]!, chunks[0]!, chunks[2]!]), 'IHDR');
  });
});

describe('text chunks', () => {
  it('reads tEXt, zTXt and iTXt (compressed or not)', () => {
    const z = (keyword: string, text: string): PngChunk => ({
      type: 'zTXt',
      data: new Uint8Array([...latin1(keyword), 0, 0, ...deflateSync(latin1(text))]),
    });
    const i = (keyword: string, text: string, compressed: boolean): PngChunk => {
      const body = ascii(text);
      return {
        type: 'iTXt',
        data: new Uint8Array([
          ...latin1(keyword),
          0,
          compressed ? 1 : 0,
          0,
          ...ascii('en'),
          0,
          0,
          ...(compressed ? deflateSync(body) : body),
        ]),
      };
    };
    expect(readTextChunk(textChunk('chara', 'abc'), 100)).toEqual({ keyword: 'chara', text: 'abc' });
    expect(readTextChunk(z('ccv3', 'zipped'), 100)).toEqual({ keyword: 'ccv3', text: 'zipped' });
    expect(readTextChunk(i('ccv3', 'héllo ✓', false), 100)).toEqual({ keyword: 'ccv3', text: 'héllo ✓' });
    expect(readTextChunk(i('ccv3', 'héllo ✓', true), 100)).toEqual({ keyword: 'ccv3', text: 'héllo ✓' });
    expect(textKeyword(z('ccv3', 'x'))).toBe('ccv3');
    expect(textKeyword({ type: 'IDAT', data: new Uint8Array(4) })).toBeNull();
  });

  it('refuses a zTXt decompression bomb without inflating it all', () => {
    const bomb = deflateSync(new Uint8Array(64 * 1024 * 1024)); // 64 MB of zeros, ~64 KB compressed
    const chunk: PngChunk = { type: 'zTXt', data: new Uint8Array([...latin1('chara'), 0, 0, ...bomb]) };
    expect(() => readTextChunk(chunk, 1024 * 1024)).toThrow('decompression bomb');
  });

  it('refuses oversized text, corrupt compressed data and a missing separator', () => {
    expect(() => readTextChunk(textChunk('chara', 'x'.repeat(2000)), 1000)).toThrow('larger than 1000 bytes');
    const corrupt: PngChunk = { type: 'zTXt', data: new Uint8Array([...latin1('chara'), 0, 0, 1, 2, 3, 4]) };
    expect(() => readTextChunk(corrupt, 1000)).toThrow('corrupt');
    expect(() => readTextChunk({ type: 'tEXt', data: latin1('chara') }, 1000)).toThrow('NUL');
  });
});
