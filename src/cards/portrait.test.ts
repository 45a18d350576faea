import { describe, expect, it } from 'vitest';
import type { Pet } from '../core/index.ts';
import { placeholderPng } from './png/placeholder.ts';
import {
  portraitOf,
  portraitVersion,
  readPortrait,
  sniffImage,
  withoutPortraitKeys,
  withPortrait,
} from './portrait.ts';

const pet = (extensions: Record<string, unknown>): Pet =>
  ({ id: 'p1', ownerId: 'u1', profile: {}, extensions }) as unknown as Pet;
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('portraits', () => {
  it('tells the image type by its bytes only', () => {
    expect(sniffImage(placeholderPng('x'))).toBe('image/png');
    expect(sniffImage(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(sniffImage(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImage(Buffer.from('GIF89a'))).toBeNull();
  });

  it('stores one portrait at a time and leaves other extensions alone', () => {
    const png = readPortrait(placeholderPng('wren'));
    const withPng = withPortrait({ card: { spec: 'v2' } }, png);
    expect(portraitOf(pet(withPng))?.type).toBe('image/png');
    const jpeg = { type: 'image/jpeg' as const, bytes: Uint8Array.of(0xff, 0xd8, 0xff, 0xd9) };
    const withJpeg = withPortrait(withPng, jpeg);
    expect(withJpeg).not.toHaveProperty('avatarPng');
    expect(portraitOf(pet(withJpeg))?.type).toBe('image/jpeg');
    expect(withoutPortraitKeys(withJpeg)).toEqual({ card: { spec: 'v2' } });
    expect(portraitVersion(pet(withPng))).toMatch(/^[0-9a-f]{12}$/);
    expect(portraitVersion(pet(withPng))).not.toBe(portraitVersion(pet(withJpeg)));
  });

  it('serves nothing for stored bytes that are not the image they claim (set through raw extensions)', () => {
    expect(portraitOf(pet({ avatarPng: b64('<svg onload="alert(1)"/>') }))).toBeNull();
    expect(portraitOf(pet({ avatarImage: { type: 'image/webp', data: b64('<html>') } }))).toBeNull();
    const jpegBytes = Buffer.from([0xff, 0xd8, 0xff, 0xd9]).toString('base64');
    expect(portraitOf(pet({ avatarImage: { type: 'image/png', data: jpegBytes } }))).toBeNull();
    expect(portraitVersion(pet({}))).toBeNull();
  });

  it('refuses what is not a whole PNG, JPEG or WebP', () => {
    expect(() => readPortrait(Buffer.from('<svg/>'))).toThrow(/not a PNG, JPEG or WebP/);
    expect(() => readPortrait(new Uint8Array())).toThrow(/empty/);
    expect(() => readPortrait(Buffer.from('RIFF\x0c\0\0\0WEBPJUNK\0\0\0\0', 'latin1'))).toThrow(
      /WebP image is damaged/,
    );
    expect(() => readPortrait(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 40))).toThrow(/JPEG image is damaged/);
  });
});
