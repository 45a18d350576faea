import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../cards/testing.ts';
import { petJson } from './schemas.ts';
import { openServerFixture, type ServerFixture } from './testing.ts';

let f: ServerFixture;
let alice: { id: string; token: string };
let bob: { id: string; token: string };
beforeAll(async () => {
  f = await openServerFixture();
  alice = await f.signup('Portrait Alice', { callName: 'Ali' });
  bob = await f.signup('Portrait Bob');
});
afterAll(async () => {
  await f.close();
});

type PetView = ReturnType<typeof petJson.parse>;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A JPEG's structure (SOI, JFIF, EXIF with a location, a comment, SOS, EOI): what the route checks. */
function jpeg(): Buffer {
  const segment = (marker: number, body: Buffer) =>
    Buffer.concat([Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    segment(0xe1, Buffer.from('Exif\0\0GPS 48.8566N 2.3522E', 'latin1')),
    segment(0xfe, Buffer.from('secret comment', 'latin1')),
    segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x12, 0x34, 0x56, 0xff, 0xd9]),
  ]);
}

/** A WebP's structure: VP8X (EXIF flag set), VP8L, EXIF. */
function webp(): Buffer {
  const chunk = (fourcc: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.write(fourcc, 0, 'latin1');
    head.writeUInt32LE(body.length, 4);
    return Buffer.concat([head, body, body.length % 2 ? Buffer.from([0]) : Buffer.alloc(0)]);
  };
  const vp8x = Buffer.alloc(10);
  vp8x[0] = 0x08;
  const body = Buffer.concat([
    chunk('VP8X', vp8x),
    chunk('VP8L', Buffer.from([0x2f, 0, 0, 0, 0])),
    chunk('EXIF', Buffer.from('GPS here', 'latin1')),
  ]);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}

function send(method: 'PUT' | 'POST', url: string, token: string, body: Buffer, type: string) {
  return f.app.inject({
    method,
    url,
    headers: { ...f.bearer(token), 'content-type': type },
    payload: body,
  });
}

const get = (url: string, token: string, headers: Record<string, string> = {}) =>
  f.app.inject({ method: 'GET', url, headers: { ...f.bearer(token), ...headers } });

async function importCard(token: string, name = 'v2-chara.png'): Promise<PetView> {
  const res = await send('POST', '/api/v1/pets/import', token, Buffer.from(fixture(name)), 'image/png');
  expect(res.statusCode).toBe(201);
  return petJson.parse(res.json().pet);
}

describe('portraits', () => {
  it('shows a card pet with an avatarUrl that serves its image to the owner only', async () => {
    const pet = await importCard(alice.token);
    expect(pet.avatarUrl).toMatch(new RegExp(`^/api/v1/pets/${pet.id}/avatar\\?v=[0-9a-f]{12}$`));
    expect(pet.extensions).not.toHaveProperty('avatarPng');
    const listed = (await get('/api/v1/pets', alice.token)).json().pets as PetView[];
    expect(listed.find((p) => p.id === pet.id)?.avatarUrl).toBe(pet.avatarUrl);

    const image = await get(pet.avatarUrl!, alice.token);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(image.headers['x-content-type-options']).toBe('nosniff');
    expect(image.rawPayload.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // The card's text chunks (the character data) are not part of the portrait.
    expect(image.rawPayload.includes(Buffer.from('chara'))).toBe(false);

    const unversioned = await get(`/api/v1/pets/${pet.id}/avatar`, alice.token);
    expect(unversioned.headers['cache-control']).toBe('private, no-cache');
    const etag = String(unversioned.headers.etag);
    expect(
      (await get(`/api/v1/pets/${pet.id}/avatar`, alice.token, { 'if-none-match': etag })).statusCode,
    ).toBe(304);

    for (const res of [
      await get(pet.avatarUrl!, bob.token),
      await f.app.inject({ method: 'GET', url: `/api/v1/pets/${pet.id}`, headers: f.bearer(bob.token) }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await f.app.inject({ method: 'GET', url: pet.avatarUrl! })).statusCode).toBe(401);
  });

  it('has no avatarUrl for a pet without a portrait, and 404 at its path', async () => {
    const pet = await f.createPet(alice.token, 'Plain');
    const view = (await get(`/api/v1/pets/${pet.id}`, alice.token)).json().pet as PetView;
    expect(view.avatarUrl).toBeNull();
    expect((await get(`/api/v1/pets/${pet.id}/avatar`, alice.token)).statusCode).toBe(404);
  });

  it('takes PNG, JPEG and WebP uploads by their bytes and strips their metadata', async () => {
    const pet = await f.createPet(alice.token, 'Uploaded');
    const url = `/api/v1/pets/${pet.id}/avatar`;

    const png = await send('PUT', url, alice.token, Buffer.from(fixture('v2-chara.png')), 'image/png');
    expect(png.statusCode).toBe(200);
    const pngView = petJson.parse(png.json().pet);
    expect(pngView.avatarUrl).toMatch(/\?v=[0-9a-f]{12}$/);

    const jpg = await send('PUT', url, alice.token, jpeg(), 'image/jpeg');
    expect(jpg.statusCode).toBe(200);
    const jpgView = petJson.parse(jpg.json().pet);
    expect(jpgView.avatarUrl).not.toBe(pngView.avatarUrl);
    const served = await get(jpgView.avatarUrl!, alice.token);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(served.rawPayload.includes(Buffer.from('GPS'))).toBe(false);
    expect(served.rawPayload.includes(Buffer.from('secret comment'))).toBe(false);
    expect(served.rawPayload.includes(Buffer.from('JFIF'))).toBe(true);
    expect(served.rawPayload.subarray(-2).equals(Buffer.from([0xff, 0xd9]))).toBe(true);

    // The declared type does not matter: the bytes say WebP.
    const wp = await send('PUT', url, alice.token, webp(), 'application/octet-stream');
    expect(wp.statusCode).toBe(200);
    const wpServed = await get(petJson.parse(wp.json().pet).avatarUrl!, alice.token);
    expect(wpServed.headers['content-type']).toBe('image/webp');
    expect(wpServed.rawPayload.includes(Buffer.from('GPS here'))).toBe(false);
    expect(wpServed.rawPayload.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(wpServed.rawPayload.readUInt32LE(4)).toBe(wpServed.rawPayload.length - 8);
  });

  it('refuses SVG, broken and oversized images, and other users', async () => {
    const pet = await f.createPet(alice.token, 'Guarded');
    const url = `/api/v1/pets/${pet.id}/avatar`;
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const cases: Array<[Buffer, string, number]> = [
      [svg, 'image/png', 400],
      [svg, 'image/svg+xml', 415],
      [Buffer.from('<html><script>alert(1)</script></html>'), 'application/octet-stream', 400],
      [Buffer.from('GIF89a....'), 'image/png', 400],
      [Buffer.concat([PNG_SIGNATURE, Buffer.from('not chunks at all')]), 'image/png', 400],
      [jpeg().subarray(0, 30), 'image/jpeg', 400],
      [Buffer.alloc(0), 'image/png', 400],
      [Buffer.concat([PNG_SIGNATURE, Buffer.alloc(1024 * 1024 + 1)]), 'image/png', 413],
      [Buffer.from('{"a":1}'), 'application/json', 415],
    ];
    for (const [body, type, status] of cases) {
      const res = await send('PUT', url, alice.token, body, type);
      expect(res.statusCode, `${type} ${body.subarray(0, 12).toString('latin1')}`).toBe(status);
      expect(typeof res.json().error.message).toBe('string');
    }
    expect((await get(`/api/v1/pets/${pet.id}`, alice.token)).json().pet.avatarUrl).toBeNull();

    const other = await send('PUT', url, bob.token, Buffer.from(fixture('v2-chara.png')), 'image/png');
    expect(other.statusCode).toBe(404);
    const removeOther = await f.app.inject({ method: 'DELETE', url, headers: f.bearer(bob.token) });
    expect(removeOther.statusCode).toBe(404);
  });

  it('removes a portrait, and a profile update keeps it', async () => {
    const pet = await importCard(alice.token);
    const patched = await f.app.inject({
      method: 'PATCH',
      url: `/api/v1/pets/${pet.id}`,
      headers: f.bearer(alice.token),
      payload: { name: 'Wren the Second', extensions: { note: 'x' } },
    });
    expect(patched.statusCode).toBe(200);
    const view = petJson.parse(patched.json().pet);
    expect(view.profile.name).toBe('Wren the Second');
    expect(view.avatarUrl).toBe(pet.avatarUrl);
    expect(view.extensions).toEqual({ note: 'x' });

    const removed = await f.app.inject({
      method: 'DELETE',
      url: `/api/v1/pets/${pet.id}/avatar`,
      headers: f.bearer(alice.token),
    });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().pet.avatarUrl).toBeNull();
    expect((await get(pet.avatarUrl!, alice.token)).statusCode).toBe(404);
  });
});

describe('pet profile edits and deletion', () => {
  it('validates a profile edit with the pet profile schema, owner-scoped', async () => {
    const pet = await f.createPet(alice.token, 'Editable');
    const patch = (token: string, payload: Record<string, unknown>) =>
      f.app.inject({ method: 'PATCH', url: `/api/v1/pets/${pet.id}`, headers: f.bearer(token), payload });
    expect((await patch(alice.token, { name: '' })).statusCode).toBe(400);
    expect((await patch(alice.token, { personality: 'x'.repeat(100_000) })).statusCode).toBe(400);
    expect((await patch(bob.token, { name: 'Stolen' })).statusCode).toBe(404);
    const ok = await patch(alice.token, { personality: 'calm', greeting: 'Hello {{user}}!' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().pet.profile).toMatchObject({ name: 'Editable', personality: 'calm' });
  });

  it('deletes a pet with its chats (owner only)', async () => {
    const pet = await f.createPet(alice.token, 'Leaving');
    const chat = await f.app.inject({
      method: 'POST',
      url: `/api/v1/pets/${pet.id}/chat`,
      headers: f.bearer(alice.token),
      payload: { text: 'Hello!', idempotencyKey: 'leaving-1' },
    });
    expect(chat.statusCode).toBe(200);
    expect((await f.store.chats.recentMessages(alice.id, pet.id, 10)).length).toBeGreaterThan(0);
    const del = (token: string) =>
      f.app.inject({ method: 'DELETE', url: `/api/v1/pets/${pet.id}`, headers: f.bearer(token) });
    expect((await del(bob.token)).statusCode).toBe(404);
    expect((await del(alice.token)).statusCode).toBe(200);
    expect(await f.store.chats.recentMessages(alice.id, pet.id, 10)).toEqual([]);
    expect((await get(`/api/v1/pets/${pet.id}`, alice.token)).statusCode).toBe(404);
  });
});

describe('greeting and card preview', () => {
  it("answers the pet's greeting with the caller's name in it", async () => {
    const pet = await f.createPet(alice.token, 'Greeter');
    await f.app.inject({
      method: 'PATCH',
      url: `/api/v1/pets/${pet.id}`,
      headers: f.bearer(alice.token),
      payload: { greeting: '*waves* Hi {{user}}, I am {{char}}.' },
    });
    const res = await get(`/api/v1/pets/${pet.id}/greeting`, alice.token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ text: '*waves* Hi Ali, I am Greeter.' });
    expect((await get(`/api/v1/pets/${pet.id}/greeting`, bob.token)).statusCode).toBe(404);
  });

  it('previews a card without creating a pet', async () => {
    const before = (await get('/api/v1/pets', bob.token)).json().pets.length;
    const res = await send(
      'POST',
      '/api/v1/cards/preview',
      bob.token,
      Buffer.from(fixture('v2-chara.png')),
      'image/png',
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ spec: 'v2', from: 'png', portrait: true });
    expect(body.profile.name).toBe('Captain Wren');
    expect(body.greeting).not.toMatch(/\{\{(user|char)\}\}/i);
    expect(typeof body.loreEntries).toBe('number');
    expect((await get('/api/v1/pets', bob.token)).json().pets.length).toBe(before);

    const json = await send(
      'POST',
      '/api/v1/cards/preview',
      bob.token,
      Buffer.from(fixture('v2-with-book.json')),
      'application/json',
    );
    expect(json.json()).toMatchObject({ from: 'json', loreEntries: 5, portrait: false });
    const hostile = await send(
      'POST',
      '/api/v1/cards/preview',
      bob.token,
      Buffer.from(fixture('hostile/script-in-creator-notes.json')),
      'application/json',
    );
    expect(hostile.statusCode).toBe(400);
  });
});
