import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerFixture, type ServerFixture } from './testing.ts';

/** The pet's reflections over HTTP: owner-scoped, newest version first, in the OpenAPI document. */
let f: ServerFixture;
beforeAll(async () => {
  f = await openServerFixture();
});
afterAll(async () => {
  await f.close();
});

describe('GET /api/v1/pets/:petId/reflections', () => {
  it("lists the caller's reflections with the pet, newest version first; another user's pet is 404", async () => {
    const ada = await f.signup('Ada');
    const pet = await f.createPet(ada.token);
    const add = (periodEnd: string, texts: string[]) =>
      f.store.reflections.addVersion({
        petId: pet.id,
        userId: ada.id,
        scope: 'nightly',
        periodStart: '2025-03-01',
        periodEnd,
        promptVersion: 'reflect@v1/en',
        model: 'test',
        createdAt: new Date(`${periodEnd}T03:00:00Z`),
        items: texts.map((text, i) => ({ id: `rfl_${periodEnd}_${i}`, topic: 'storyline', text })),
      });
    await add('2025-03-02', ['Mochi is learning to swim.']);
    await add('2025-03-03', ['Mochi swims three strokes now.', 'Mochi and Pip are close.']);

    const res = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/reflections`,
      headers: f.bearer(ada.token),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().reflections).toEqual([
      {
        id: 'rfl_2025-03-03_0',
        text: 'Mochi swims three strokes now.',
        createdAt: '2025-03-03T03:00:00.000Z',
        scope: 'nightly',
        topic: 'storyline',
        version: 2,
        periodStart: '2025-03-01',
        periodEnd: '2025-03-03',
      },
      expect.objectContaining({ text: 'Mochi and Pip are close.', version: 2 }),
      expect.objectContaining({ text: 'Mochi is learning to swim.', version: 1 }),
    ]);
    const limited = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/reflections?limit=1`,
      headers: f.bearer(ada.token),
    });
    expect(limited.json().reflections).toHaveLength(1);

    const bo = await f.signup('Bo');
    const other = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/reflections`,
      headers: f.bearer(bo.token),
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('not_found');
  });

  it('is in the OpenAPI document', async () => {
    const res = await f.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const op = res.json().paths['/api/v1/pets/{petId}/reflections']?.get;
    expect(op?.operationId).toBe('petReflections');
  });
});
