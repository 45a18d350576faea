import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../core/index.ts';
import { ADMIN_KEY, openServerFixture, type ServerFixture } from './testing.ts';

let f: ServerFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

describe('rate limits', () => {
  it('answers 429 with Retry-After when a user is out of chat turns, and lets them back in later', async () => {
    const limiterClock = fixedClock('2025-03-04T13:05:00Z');
    f = await openServerFixture({
      rateLimits: { chat: { capacity: 2, refillPerMinute: 1 } },
      now: limiterClock.now,
    });
    const u = await f.signup('Ann');
    const pet = await f.createPet(u.token);
    const send = () =>
      f!.app.inject({
        method: 'POST',
        url: `/api/v1/pets/${pet.id}/chat`,
        headers: f!.bearer(u.token),
        payload: { text: 'hello' },
      });
    expect((await send()).statusCode).toBe(200);
    expect((await send()).statusCode).toBe(200);
    const limited = await send();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.json().error.code).toBe('limit_exceeded');

    // The OpenAI-compatible route shares the bucket and answers in OpenAI's shape.
    const viaOpenAi = await f.app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: f.bearer(u.token),
      payload: { model: pet.id, messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(viaOpenAi.statusCode).toBe(429);
    expect(viaOpenAi.headers['retry-after']).toBe('60');
    expect(viaOpenAi.json().error).toMatchObject({ type: 'rate_limit_error', code: 'limit_exceeded' });

    // A second token of the same user does not get around the per-user bucket.
    const second = await f.app.inject({
      method: 'POST',
      url: `/api/v1/users/${u.id}/tokens`,
      headers: f.bearer(ADMIN_KEY),
      payload: {},
    });
    const other = await f.app.inject({
      method: 'POST',
      url: `/api/v1/pets/${pet.id}/chat`,
      headers: f.bearer(second.json().token),
      payload: { text: 'hello' },
    });
    expect(other.statusCode).toBe(429);

    // Another user is not affected.
    const v = await f.signup('Ben');
    const petV = await f.createPet(v.token);
    const fine = await f.app.inject({
      method: 'POST',
      url: `/api/v1/pets/${petV.id}/chat`,
      headers: f.bearer(v.token),
      payload: { text: 'hello' },
    });
    expect(fine.statusCode).toBe(200);

    limiterClock.advance(60_000);
    expect((await send()).statusCode).toBe(200);

    const metrics = await f.app.inject({ method: 'GET', url: '/metrics', headers: f.bearer(ADMIN_KEY) });
    expect(metrics.body).toMatch(/^ipet_rate_limited_total\{scope="chat-user"\} 3$/m);
  });

  it('limits generating days that are not stored yet, not reading stored ones', async () => {
    const limiterClock = fixedClock('2025-03-04T13:05:00Z');
    f = await openServerFixture({
      rateLimits: { generate: { capacity: 1, refillPerMinute: 1 } },
      now: limiterClock.now,
    });
    const u = await f.signup('Cal');
    const pet = await f.createPet(u.token);
    const day = (date: string) =>
      f!.app.inject({
        method: 'GET',
        url: `/api/v1/pets/${pet.id}/days/${date}`,
        headers: f!.bearer(u.token),
      });
    expect((await day('2025-03-04')).statusCode).toBe(200);
    expect((await day('2025-03-04')).statusCode).toBe(200);
    const limited = await day('2025-03-05');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('open signup', () => {
  it('lets anyone create a user (ipet up), even with a stale token', async () => {
    f = await openServerFixture({ openSignup: true });
    for (const headers of [{}, { authorization: 'Bearer stale-token-from-an-old-store' }]) {
      const res = await f.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers,
        payload: { name: 'Zoe' },
      });
      expect(res.statusCode).toBe(201);
      const me = await f.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: f.bearer(res.json().token),
      });
      expect(me.json().user.name).toBe('Zoe');
    }
    // Operator routes still need the key.
    expect((await f.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
  });
});

describe('the web app', () => {
  it('serves the built app, with index.html for client-side routes and JSON 404s for the API', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ipet-web-'));
    try {
      await writeFile(join(root, 'index.html'), '<!doctype html><title>ipet</title>');
      await writeFile(join(root, 'app.js'), 'console.log(1)');
      f = await openServerFixture({ webRoot: root });
      const index = await f.app.inject({ method: 'GET', url: '/' });
      expect(index.statusCode).toBe(200);
      expect(index.body).toContain('<title>ipet</title>');
      const asset = await f.app.inject({ method: 'GET', url: '/app.js' });
      expect(asset.body).toBe('console.log(1)');
      const route = await f.app.inject({
        method: 'GET',
        url: '/pets/pet_1',
        headers: { accept: 'text/html' },
      });
      expect(route.statusCode).toBe(200);
      expect(route.body).toContain('<title>ipet</title>');
      const api = await f.app.inject({
        method: 'GET',
        url: '/api/v1/nope',
        headers: { accept: 'text/html' },
      });
      expect(api.statusCode).toBe(404);
      expect(api.json().error.code).toBe('not_found');
      expect((await f.app.inject({ method: 'GET', url: '/healthz' })).json().ok).toBe(true);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
