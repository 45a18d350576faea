import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createModelSettings } from '../../src/app/index.ts';
import { buildServer } from '../../src/server/index.ts';
import { openServerFixture, type ServerFixture } from '../../src/server/testing.ts';
import { type SimHandle, startSimulator } from '../../src/sim/index.ts';
import { ensureWebBuild, ROOT, WEB_DIST } from './web-build.ts';

/**
 * The settings page in a real browser, as `ipet up` serves it: a server that does not answer is refused
 * with the reason in plain words and nothing is saved; a working one (a second simulator) is saved and
 * the next chat reply comes from it, without a restart.
 */

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-results/web');
const eventually = <T>(fn: () => Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 50 });

let f: ServerFixture;
let app: FastifyInstance;
let other: SimHandle;
let dataDir: string;
let base: string;
let browser: Browser;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  }
  ensureWebBuild();
  mkdirSync(SHOTS, { recursive: true });
  f = await openServerFixture();
  other = await startSimulator({ port: 0, seed: 9, models: ['other-model'] });
  dataDir = await mkdtemp(join(tmpdir(), 'ipet-web-settings-'));
  app = buildServer({
    runtime: f.rt,
    version: 'test',
    openSignup: true,
    webRoot: WEB_DIST,
    modelSettings: createModelSettings({ rt: f.rt, env: {}, dataDir }),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await f?.close();
  await other?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function signedIn(): Promise<Page> {
  const user = await f.signup('Ann');
  const pet = await f.createPet(user.token);
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1000, height: 900 } });
  await context.addInitScript(
    ([token, petId]) => {
      localStorage.setItem('ipet.token', token);
      localStorage.setItem('ipet.petId', petId);
    },
    [user.token, pet.id] as const,
  );
  return context.newPage();
}

it('tests a server before saving it, says why one does not work, and uses a saved one at once', async () => {
  const page = await signedIn();
  await page.goto(`${base}/`);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.waitForURL(`${base}/settings`);
  await eventually(async () => (await page.getByTestId('model-in-use').textContent()) ?? '').toContain(
    `ipet-sim at ${f.sim.url}`,
  );

  const port = await closedPort();
  await page.getByLabel('Server address (base URL)').fill(`http://127.0.0.1:${port}/v1`);
  await page.getByLabel('Model name').fill('qwen2.5:1.5b');
  await page.getByRole('button', { name: 'Test and save' }).click();
  const failed = page.getByTestId('model-test-failed');
  await eventually(async () => (await failed.textContent()) ?? '').toContain(
    'nothing answers at this address',
  );
  expect(await failed.textContent()).toContain('Not saved');
  expect(existsSync(join(dataDir, 'settings.json'))).toBe(false);
  await page.screenshot({ path: join(SHOTS, 'settings-1-refused.png'), fullPage: true });

  await page.getByLabel('Server address (base URL)').fill(other.url);
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  await eventually(async () => (await page.getByRole('status').allTextContents()).join(' ')).toContain(
    'It works',
  );
  await page.getByLabel('Model name').fill('other-model');
  await page.getByLabel('API key').fill('sk-from-the-form');
  await page.getByRole('button', { name: 'Test and save' }).click();
  await eventually(async () => (await page.getByTestId('model-in-use').textContent()) ?? '').toContain(
    `other-model at ${other.url}`,
  );
  expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).model.apiKey).toBe(
    'sk-from-the-form',
  );
  // The key is never shown back.
  expect(await page.getByLabel('API key').inputValue()).toBe('');
  expect(await page.content()).not.toContain('sk-from-the-form');
  await page.screenshot({ path: join(SHOTS, 'settings-2-saved.png'), fullPage: true });

  const before = other.stats().requests.total;
  await page.getByRole('link', { name: 'Chat' }).click();
  await page.getByLabel('Message').fill('hello');
  await page.getByRole('button', { name: 'Send' }).click();
  await eventually(() => Promise.resolve(other.stats().requests.total)).toBeGreaterThan(before);
}, 180_000);

it('the training consent toggle is off until turned on, says since when, and is saved for the user', async () => {
  const page = await signedIn();
  await page.goto(`${base}/settings`);
  const toggle = page.getByLabel('Use my conversations to train pets');
  await toggle.waitFor({ state: 'visible', timeout: 60_000 });
  expect(await toggle.isChecked()).toBe(false);
  expect(await page.getByTestId('training-consent-state').textContent()).toContain('not used for training');
  await toggle.check();
  await eventually(
    async () => (await page.getByTestId('training-consent-state').textContent()) ?? '',
  ).toContain('On since');
  // Saved on the server: a reload shows it on.
  await page.reload();
  await eventually(() => page.getByLabel('Use my conversations to train pets').isChecked()).toBe(true);
  await page.getByLabel('Use my conversations to train pets').uncheck();
  await eventually(
    async () => (await page.getByTestId('training-consent-state').textContent()) ?? '',
  ).toContain('Off since');
  await page.screenshot({ path: join(SHOTS, 'settings-5-training-consent.png'), fullPage: true });
}, 180_000);

it('fits a phone screen (375px), with the fifth tab', async () => {
  const user = await f.signup('Lin');
  const pet = await f.createPet(user.token);
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 375, height: 812 },
    isMobile: true,
    hasTouch: true,
  });
  await context.addInitScript(
    ([token, petId]) => {
      localStorage.setItem('ipet.token', token);
      localStorage.setItem('ipet.petId', petId);
    },
    [user.token, pet.id] as const,
  );
  const page = await context.newPage();
  await page.goto(`${base}/settings`);
  await eventually(async () => (await page.getByTestId('model-in-use').textContent()) ?? '').toContain(
    'In use',
  );
  // On a mobile viewport the layout viewport grows to fit wide content, so compare with the device width.
  const width = () => page.evaluate(() => document.documentElement.scrollWidth);
  expect(await width()).toBeLessThanOrEqual(375);
  await page.getByRole('button', { name: '中文' }).click();
  await eventually(async () => (await page.getByRole('heading', { level: 1 }).textContent()) ?? '').toBe(
    '设置',
  );
  expect(await width()).toBeLessThanOrEqual(375);
  await page.screenshot({ path: join(SHOTS, 'settings-3-phone.png'), fullPage: true });
  await context.close();
}, 120_000);

it('when the local model download failed, the pages say so at once and lead to the settings', async () => {
  // The state a first run without network leaves: the default download failed and is remembered.
  const modelsDir = join(dataDir, 'models');
  const spec = 'http://127.0.0.1:9/no-network.gguf';
  mkdirSync(modelsDir, { recursive: true });
  writeFileSync(
    join(modelsDir, 'download-failures.json'),
    JSON.stringify({
      version: 1,
      failures: {
        [spec]: {
          message: `could not download the local model ${spec}: nothing arrived within 30 s, there seems to be no network`,
          hint: 'use a model server instead',
          at: '2026-05-01T09:30:00.000Z',
        },
      },
    }),
  );
  const previous = f.rt.config;
  await f.rt.reconfigureModels?.({
    language: { kind: 'local', model: spec, modelsDir },
    embedding: { kind: 'lexical' },
    modelSource: 'default',
  });
  try {
    const page = await signedIn();
    await page.goto(`${base}/`);
    const help = page.getByTestId('model-help');
    await help.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await page.getByRole('alert').first().textContent()).toContain('there seems to be no network');
    await help.getByRole('link', { name: 'Set up a model' }).click();
    await page.waitForURL(`${base}/settings`);
    await eventually(async () => (await page.getByRole('alert').allTextContents()).join(' ')).toContain(
      'The local model is not available',
    );
    await page.screenshot({ path: join(SHOTS, 'settings-4-download-failed.png'), fullPage: true });
  } finally {
    await f.rt.reconfigureModels?.(previous);
  }
}, 180_000);
