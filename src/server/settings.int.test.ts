import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createModelSettings, type Env } from '../app/index.ts';
import { type SimHandle, startSimulator } from '../sim/index.ts';
import { buildServer } from './app.ts';
import { ADMIN_KEY, openServerFixture, type ServerFixture } from './testing.ts';

/** A port on which nothing listens (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let f: ServerFixture;
let dataDir: string;
let other: SimHandle | undefined;
let app: FastifyInstance;

/** A second server on the fixture's runtime, with the settings service (as `ipet up` builds it). */
function settingsApp(options: { openSignup?: boolean; env?: Env } = {}) {
  return buildServer({
    runtime: f.rt,
    version: 'test',
    openSignup: options.openSignup ?? true,
    modelSettings: createModelSettings({
      rt: f.rt,
      env: options.env ?? {},
      dataDir,
      test: { listTimeoutMs: 2_000, callTimeoutMs: 5_000 },
    }),
  });
}

beforeEach(async () => {
  f = await openServerFixture();
  dataDir = await mkdtemp(join(tmpdir(), 'ipet-settings-'));
  app = settingsApp();
});
afterEach(async () => {
  await app.close();
  await f.close();
  await other?.close();
  other = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

describe('model settings', () => {
  it('tests the simulator as a working endpoint, and a closed port as one that does not answer', async () => {
    const u = await f.signup('Ann');
    const good = await app.inject({
      method: 'POST',
      url: '/api/v1/settings/model/test',
      headers: f.bearer(u.token),
      payload: { baseURL: f.sim.url, model: 'ipet-sim' },
    });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({ ok: true, failure: null, simulator: true });
    expect(good.json().models).toContain('ipet-sim');

    const port = await closedPort();
    const started = Date.now();
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/settings/model/test',
      headers: f.bearer(u.token),
      payload: { baseURL: `http://127.0.0.1:${port}/v1`, model: 'qwen2.5:1.5b' },
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(bad.statusCode).toBe(200);
    expect(bad.json()).toMatchObject({ ok: false, failure: 'unreachable' });
    expect(bad.json().message).toContain(`nothing answered at http://127.0.0.1:${port}/v1`);
    expect(bad.json().message).toContain('check that the server is running');

    const malformed = await app.inject({
      method: 'POST',
      url: '/api/v1/settings/model/test',
      headers: f.bearer(u.token),
      payload: { baseURL: 'ftp://example', model: '' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.message).toMatch(/baseURL must be an http/);
  });

  it('saves only a working endpoint, applies it without a restart, and never returns the key', async () => {
    const u = await f.signup('Ann');
    const pet = await f.createPet(u.token);
    const headers = f.bearer(u.token);
    const before = await app.inject({ method: 'GET', url: '/api/v1/settings/model', headers });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({ saved: null, active: { model: 'ipet-sim', hasApiKey: false } });

    const port = await closedPort();
    const refused = await app.inject({
      method: 'PUT',
      url: '/api/v1/settings/model',
      headers,
      payload: { baseURL: `http://127.0.0.1:${port}/v1`, model: 'm', apiKey: 'sk-secret' },
    });
    expect(refused.json()).toMatchObject({ saved: false, test: { ok: false, failure: 'unreachable' } });
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(false);

    other = await startSimulator({ port: 0, seed: 5, models: ['other-model'] });
    const saved = await app.inject({
      method: 'PUT',
      url: '/api/v1/settings/model',
      headers,
      payload: { baseURL: other.url, model: 'other-model', apiKey: 'sk-secret' },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).not.toContain('sk-secret');
    expect(saved.json()).toMatchObject({
      saved: true,
      test: { ok: true },
      settings: {
        source: 'settings',
        active: { kind: 'openai-compatible', baseURL: other.url, model: 'other-model', hasApiKey: true },
        saved: { baseURL: other.url, model: 'other-model', hasApiKey: true },
      },
    });
    const file = join(dataDir, 'settings.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8')).model).toEqual({
      baseURL: other.url,
      model: 'other-model',
      apiKey: 'sk-secret',
    });

    // Applied at once: the next chat turn goes to the new server.
    const requestsBefore = other.stats().requests.total;
    const chat = await f.app.inject({
      method: 'POST',
      url: `/api/v1/pets/${pet.id}/chat`,
      headers,
      payload: { text: 'hello' },
    });
    expect(chat.statusCode).toBe(200);
    expect(other.stats().requests.total).toBeGreaterThan(requestsBefore);

    const read = await app.inject({ method: 'GET', url: '/api/v1/settings/model', headers });
    expect(read.body).not.toContain('sk-secret');
    expect(read.json().saved).toEqual({ baseURL: other.url, model: 'other-model', hasApiKey: true });

    // The key is write-only: omitted, it is kept for the same server; empty, it is removed.
    const kept = await app.inject({
      method: 'PUT',
      url: '/api/v1/settings/model',
      headers,
      payload: { baseURL: other.url, model: 'other-model' },
    });
    expect(kept.json().settings.saved.hasApiKey).toBe(true);
    const cleared = await app.inject({
      method: 'PUT',
      url: '/api/v1/settings/model',
      headers,
      payload: { baseURL: other.url, model: 'other-model', apiKey: '' },
    });
    expect(cleared.json().settings.saved.hasApiKey).toBe(false);

    const forgotten = await app.inject({ method: 'DELETE', url: '/api/v1/settings/model', headers });
    expect(forgotten.json()).toMatchObject({ saved: null, source: 'default', active: { kind: 'local' } });
  });

  it('environment variables win over the saved settings, and the answer says which', async () => {
    await app.close();
    app = settingsApp({ env: { IPET_LLM_BASE_URL: f.sim.url, IPET_LLM_MODEL: 'ipet-sim' } });
    const u = await f.signup('Ann');
    other = await startSimulator({ port: 0, seed: 5 });
    const saved = await app.inject({
      method: 'PUT',
      url: '/api/v1/settings/model',
      headers: f.bearer(u.token),
      payload: { baseURL: other.url, model: 'ipet-sim' },
    });
    expect(saved.json()).toMatchObject({
      saved: true,
      settings: {
        source: 'environment',
        environmentVariables: ['IPET_LLM_BASE_URL'],
        active: { baseURL: f.sim.url },
        saved: { baseURL: other.url },
      },
    });
    expect(f.rt.config.language).toMatchObject({ baseURL: f.sim.url });
  });

  it('only the operator, or a signed-in user on this computer under open signup, may see or change it', async () => {
    const u = await f.signup('Ann');
    const payload = { baseURL: f.sim.url, model: 'ipet-sim' };
    const get = (headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
      app.inject({ method: 'GET', url: '/api/v1/settings/model', headers, remoteAddress });

    expect((await get({})).statusCode).toBe(401);
    expect((await get(f.bearer(u.token))).statusCode).toBe(200);
    expect((await get(f.bearer(u.token), '::ffff:127.0.0.1')).statusCode).toBe(200);
    const remote = await get(f.bearer(u.token), '203.0.113.7');
    expect(remote.statusCode).toBe(403);
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: '/api/v1/settings/model',
          headers: f.bearer(u.token),
          remoteAddress: '203.0.113.7',
          payload,
        })
      ).statusCode,
    ).toBe(403);
    expect((await get(f.bearer(ADMIN_KEY), '203.0.113.7')).statusCode).toBe(200);

    // Without open signup (a shared server), users never may; the operator may.
    await app.close();
    app = settingsApp({ openSignup: false });
    expect((await get(f.bearer(u.token))).statusCode).toBe(403);
    expect((await get(f.bearer(ADMIN_KEY))).statusCode).toBe(200);

    // A server built without the service has no such routes.
    const bare = await f.app.inject({
      method: 'GET',
      url: '/api/v1/settings/model',
      headers: f.bearer(ADMIN_KEY),
    });
    expect(bare.statusCode).toBe(404);
  });
});
