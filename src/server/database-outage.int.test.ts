import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerFixture, type ServerFixture } from './testing.ts';

/** The store goes away under a running server: every route says "try again later", not "internal error". */
describe('a database outage', () => {
  let f: ServerFixture;
  let token: string;
  let petId: string;
  beforeAll(async () => {
    f = await openServerFixture();
    token = (await f.signup('Outage')).token;
    petId = (await f.createPet(token)).id;
    await f.store.close();
  });
  afterAll(async () => {
    await f.app.close();
    await f.rt.models.close();
    await f.sim.close();
  });

  it('answers 503 with Retry-After and the project error shape on REST routes', async () => {
    for (const url of ['/api/v1/me', `/api/v1/pets/${petId}`, '/api/v1/pets']) {
      const res = await f.app.inject({ method: 'GET', url, headers: f.bearer(token) });
      expect(res.statusCode, url).toBe(503);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.json()).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
      expect(res.body).not.toMatch(/database call|PGlite|SQLSTATE/);
    }
  });

  it("answers 503 in OpenAI's shape on /v1, and /healthz says it too", async () => {
    const models = await f.app.inject({ method: 'GET', url: '/v1/models', headers: f.bearer(token) });
    expect(models.statusCode).toBe(503);
    expect(models.headers['retry-after']).toBeDefined();
    expect(models.json().error).toMatchObject({ code: 'unavailable', type: 'server_error' });
    const health = await f.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(503);
  });
});
