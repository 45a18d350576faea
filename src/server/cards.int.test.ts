import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCard } from '../cards/index.ts';
import { fixture } from '../cards/testing.ts';
import { cardImportResponse } from './routes/cards.ts';
import { openServerFixture, type ServerFixture } from './testing.ts';

let f: ServerFixture;
let alice: { id: string; token: string };
let bob: { id: string; token: string };
beforeAll(async () => {
  f = await openServerFixture();
  alice = await f.signup('Card Alice');
  bob = await f.signup('Card Bob');
});
afterAll(async () => {
  await f.close();
});

function upload(token: string, file: Uint8Array, contentType: string) {
  return f.app.inject({
    method: 'POST',
    url: '/api/v1/pets/import',
    headers: { ...f.bearer(token), 'content-type': contentType },
    payload: Buffer.from(file),
  });
}

async function petNames(token: string): Promise<string[]> {
  const res = await f.app.inject({ method: 'GET', url: '/api/v1/pets', headers: f.bearer(token) });
  return res.json().pets.map((p: { profile: { name: string } }) => p.profile.name);
}

describe('POST /api/v1/pets/import', () => {
  it('creates a pet from a V2 JSON card', async () => {
    const res = await upload(alice.token, fixture('v2-with-book.json'), 'application/json');
    expect(res.statusCode).toBe(201);
    const body = cardImportResponse.parse(res.json());
    expect(body).toMatchObject({ spec: 'v2', from: 'json', loreEntries: 5 });
    expect(body.pet.profile.name).toBe('Captain Wren');
    expect(body.pet.ownerId).toBe(alice.id);
  });

  it('creates a pet from a PNG card', async () => {
    const res = await upload(alice.token, fixture('v3-ccv3-and-chara.png'), 'image/png');
    expect(res.statusCode).toBe(201);
    const body = cardImportResponse.parse(res.json());
    expect(body).toMatchObject({ spec: 'v3', from: 'png' });
    expect(body.pet.profile.name).toBe('Lumen');
    expect(await petNames(alice.token)).toContain('Lumen');
  });

  it('answers 400 for hostile or broken files and creates nothing', async () => {
    const before = await petNames(bob.token);
    for (const [name, type] of [
      ['hostile/script-in-creator-notes.json', 'application/json'],
      ['hostile/truncated-card.txt', 'application/json'],
      ['hostile/script-in-chara.png', 'image/png'],
      ['hostile/ztxt-bomb.png', 'image/png'],
    ] as const) {
      const res = await upload(bob.token, fixture(name), type);
      expect(res.statusCode, name).toBe(400);
      expect(res.json().error.code, name).toBe('invalid_input');
    }
    const empty = await upload(bob.token, new Uint8Array(), 'application/json');
    expect(empty.statusCode).toBe(400);
    expect(await petNames(bob.token)).toEqual(before);
  });

  it('needs a user token', async () => {
    const res = await f.app.inject({
      method: 'POST',
      url: '/api/v1/pets/import',
      headers: { 'content-type': 'image/png' },
      payload: Buffer.from(fixture('v2-chara.png')),
    });
    expect(res.statusCode).toBe(401);
  });

  it('keeps PNG bodies off other routes (415)', async () => {
    const res = await upload(alice.token, fixture('v2-chara.png'), 'image/png');
    expect(res.statusCode).toBe(201);
    const other = await f.app.inject({
      method: 'POST',
      url: '/api/v1/pets',
      headers: { ...f.bearer(alice.token), 'content-type': 'image/png' },
      payload: Buffer.from(fixture('v2-chara.png')),
    });
    expect(other.statusCode).toBe(415);
  });
});

describe('GET /api/v1/pets/:petId/card', () => {
  it('exports a PNG and a JSON card that import back to the same pet', async () => {
    const created = cardImportResponse.parse(
      (await upload(alice.token, fixture('v2-with-book.json'), 'application/json')).json(),
    );
    const png = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${created.pet.id}/card?format=png`,
      headers: f.bearer(alice.token),
    });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['content-disposition']).toContain('attachment; filename="Captain_Wren.png"');
    const back = importCard(png.rawPayload);
    expect(back.from).toBe('png');
    expect(back.profile.name).toBe('Captain Wren');

    const json = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${created.pet.id}/card?format=json&spec=v3`,
      headers: f.bearer(alice.token),
    });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.headers['content-disposition']).toContain('filename="Captain_Wren.json"');
    expect(json.json().spec).toBe('chara_card_v3');

    const again = await upload(bob.token, json.rawPayload, 'application/json');
    expect(again.statusCode).toBe(201);
    const reimported = cardImportResponse.parse(again.json());
    expect(reimported.pet.profile).toEqual(created.pet.profile);
    expect(reimported.loreEntries).toBe(created.loreEntries);
  });

  it("answers 404 for another user's pet and 400 for an unknown format", async () => {
    const pet = await f.createPet(alice.token, 'Private');
    const res = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/card`,
      headers: f.bearer(bob.token),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    const bad = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/card?format=gif`,
      headers: f.bearer(alice.token),
    });
    expect(bad.statusCode).toBe(400);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await f.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/v1/pets/import'].post.operationId).toBe('importPetCard');
    const card = doc.paths['/api/v1/pets/{petId}/card'].get;
    expect(card.operationId).toBe('exportPetCard');
    expect(Object.keys(card.responses['200'].content)).toEqual(['application/json', 'image/png']);
  });
});
