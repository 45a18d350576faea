import { deflateSync } from 'node:zlib';
import { type PngChunk, writePng } from './chunks.ts';
import { crc32 } from './crc32.ts';

const SIZE = 64;

function hueToRgb(hue: number, light: number): [number, number, number] {
  const c = (1 - Math.abs(2 * light - 1)) * 0.6;
  const h = hue / 60;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const [r, g, b] =
    h < 1
      ? [c, x, 0]
      : h < 2
        ? [x, c, 0]
        : h < 3
          ? [0, c, x]
          : h < 4
            ? [0, x, c]
            : h < 5
              ? [x, 0, c]
              : [c, 0, x];
  const m = light - c / 2;
  return [r, g, b].map((v) => Math.round((v + m) * 255)) as [number, number, number];
}

/**
 * A small avatar for pets that have none: a 64x64 vertical gradient whose hue comes from `seed` (the pet's
 * name), so each pet gets its own colour. Written by hand (IHDR, one zlib IDAT, IEND), no image library.
 */
export function placeholderPng(seed: string): Uint8Array {
  const hue = crc32(new TextEncoder().encode(seed)) % 360;
  const raw = new Uint8Array(SIZE * (1 + SIZE * 3));
  for (let y = 0; y < SIZE; y++) {
    const [r, g, b] = hueToRgb(hue, 0.82 - (0.3 * y) / SIZE);
    const row = y * (1 + SIZE * 3);
    raw[row] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) raw.set([r, g, b], row + 1 + x * 3);
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, SIZE);
  view.setUint32(4, SIZE);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, adaptive filtering, no interlace
  const chunks: PngChunk[] = [
    { type: 'IHDR', data: ihdr },
    { type: 'IDAT', data: deflateSync(raw) },
    { type: 'IEND', data: new Uint8Array(0) },
  ];
  return writePng(chunks);
}
