import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../src/cards/fixtures.ts';
import { writePng } from '../../src/cards/png/chunks.ts';
import { openServerFixture, type ServerFixture } from '../../src/server/testing.ts';
import { ensureWebBuild, ROOT, WEB_DIST } from './web-build.ts';

/**
 * Many pets and card portraits in Debian's chromium, at desktop and 375 px, in English and Chinese: a card
 * import shows a review step (portrait, name, greeting, lore) first, the portrait is shown on home, chat and
 * the switcher, the chat opens with the card's greeting formatted (*actions* in italics) before the user
 * writes; a second pet is added, switched to (remembered over a reload), edited (profile and portrait) and
 * deleted after a confirmation that says what it erases; a pet created outside the app appears.
 * Screenshots go to test-results/web/pets-*.
 */

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-results/web');

const eventually = <T>(fn: () => Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 50 });
const text = (locator: Locator) => async () => (await locator.textContent())?.trim() ?? '';
const count = (locator: Locator) => () => locator.count();
const visible = (locator: Locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });
/** An <img> that the browser decoded (a blob URL of the portrait), not a broken one. */
const loadedImage = (locator: Locator) => () =>
  locator.evaluate((img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0);

let f: ServerFixture;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  }
  ensureWebBuild();
  mkdirSync(SHOTS, { recursive: true });
  f = await openServerFixture({ openSignup: true, webRoot: WEB_DIST });
  await f.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(f.app.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
});

afterAll(async () => {
  await browser?.close();
  await f?.close();
});

async function newPage(viewport: { width: number; height: number }) {
  const context = await browser.newContext({
    viewport,
    locale: 'en-US',
    timezoneId: 'Europe/Paris',
    ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('status of 4')) problems.push(m.text());
  });
  await context.route(/^https?:\/\//, (route) =>
    route.request().url().startsWith(base) ? route.continue() : route.abort(),
  );
  return { context, page, problems };
}

/** A photo-sized PNG (noise, so it does not compress) of more than 1 MB: the app scales it down to upload. */
function bigPng(): string {
  const side = 640;
  const rows = Array.from({ length: side }, () => Buffer.concat([Buffer.from([0]), randomBytes(side * 3)]));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const png = writePng([
    { type: 'IHDR', data: ihdr },
    { type: 'IDAT', data: deflateSync(Buffer.concat(rows)) },
    { type: 'IEND', data: new Uint8Array() },
  ]);
  expect(png.length).toBeGreaterThan(1024 * 1024);
  const path = join(SHOTS, 'big-portrait.png');
  writeFileSync(path, png);
  return path;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `pets-${name}.png`), fullPage: true });
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function signUp(page: Page, you: string) {
  await page.goto(`${base}/`);
  await page.waitForURL(/\/welcome$/);
  await page.getByLabel('Your name').fill(you);
  await page.getByLabel('What should your pet call you?').fill(`${you}y`);
  await page.getByLabel('Age', { exact: true }).selectOption('adult');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'I have kept it' }).click();
}

/** The browser's session (the HttpOnly cookie's value is a user token, good as a bearer token too). */
async function tokenOf(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'ipet_session');
  if (!cookie) throw new Error('no session cookie');
  return cookie.value;
}

async function petsOf(token: string): Promise<Array<{ id: string; profile: { name: string } }>> {
  const res = await f.app.inject({ method: 'GET', url: '/api/v1/pets', headers: f.bearer(token) });
  return res.json().pets;
}

/** The card's review step, then Confirm; ends on the new pet's home. */
async function importWren(page: Page, name: string) {
  await page.getByLabel('Import a character card (PNG or JSON)').setInputFiles(fixturePath('v2-chara.png'));
  const review = page.getByTestId('card-review');
  await visible(review, 30_000);
  await eventually(text(review.getByTestId('review-name'))).toBe('Captain Wren');
  await eventually(loadedImage(review.getByTestId('portrait'))).toBe(true);
  await eventually(text(review.getByTestId('review-greeting'))).toContain('Wren looks you up and down');
  // {{user}} is resolved to how the pet calls the user; the *action* is in italics.
  expect(await text(review.getByTestId('review-greeting'))()).not.toContain('{{user}}');
  await visible(review.getByTestId('review-greeting').locator('em'));
  expect(await text(review.getByTestId('review-lore'))()).toMatch(/\d+ lore entries/);
  await shot(page, `${name}-review`);
  await review.getByRole('button', { name: 'Create Captain Wren' }).click();
  await page.waitForURL(`${base}/`);
}

async function addPet(page: Page, kind: string, name: string) {
  await page.getByTestId('pet-switcher').click();
  await page.getByRole('link', { name: 'Add a pet' }).click();
  await page.waitForURL(`${base}/pets/new`);
  await page.getByLabel('Kind').fill(kind);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Personality').fill('sleepy and kind');
  await page.getByRole('button', { name: 'Create the pet' }).click();
  await page.waitForURL(`${base}/`);
  await eventually(text(page.getByRole('heading', { level: 1 }))).toBe(name);
}

async function switchTo(page: Page, name: string) {
  await page.getByTestId('pet-switcher').click();
  await page.getByRole('button', { name, exact: true }).click();
  await eventually(text(page.getByTestId('pet-switcher'))).toContain(name);
}

describe('many pets and card portraits', () => {
  it('desktop: imports a card with review, opens with its greeting, adds, switches, edits, deletes (en, zh)', async () => {
    const { context, page, problems } = await newPage({ width: 1280, height: 900 });
    await signUp(page, 'Kai');
    await importWren(page, 'desktop-1');

    // The portrait on home and in the switcher.
    await eventually(text(page.getByRole('heading', { level: 1 }))).toBe('Captain Wren');
    await eventually(loadedImage(page.locator('.pet-card [data-testid=portrait]'))).toBe(true);
    await eventually(loadedImage(page.getByTestId('pet-switcher').getByTestId('portrait'))).toBe(true);
    await visible(page.getByTestId('timeline').getByRole('listitem').first(), 60_000);
    await shot(page, 'desktop-2-home');

    // The chat opens with the card's greeting before the user writes; the first turn keeps it once.
    await page.getByRole('navigation').getByRole('link', { name: 'Chat' }).click();
    const firstLine = page.getByTestId('pet-line').first();
    await eventually(text(firstLine)).toContain("So you're the navigator");
    expect(await text(firstLine)()).toContain('Kaiy');
    expect(await text(firstLine.locator('em.card-action'))()).toBe('Wren looks you up and down');
    await eventually(loadedImage(page.locator('.chat-head [data-testid=portrait]'))).toBe(true);
    expect(await page.getByTestId('user-line').count()).toBe(0);
    await shot(page, 'desktop-3-chat-greeting');
    await page.getByLabel('Message').fill('Aye, I can read one.');
    await page.getByLabel('Message').press('Enter');
    await eventually(count(page.locator('.bubble.pet.streaming')), 60_000).toBe(0);
    await eventually(count(page.locator('.bubble.pet.ok'))).toBe(2);
    expect(await text(page.getByTestId('pet-line').first())()).toContain('navigator');
    await page.reload();
    await eventually(count(page.getByTestId('pet-line')), 30_000).toBe(2);
    expect(await text(page.getByTestId('pet-line').first())()).toContain('navigator');

    // A second pet from the form; switching back and forth; the choice survives a reload.
    await addPet(page, 'cat', 'Mochi');
    await switchTo(page, 'Captain Wren');
    await eventually(text(page.getByRole('heading', { level: 1 }))).toBe('Captain Wren');
    // Switching on the chat page shows the other pet's conversation (its own greeting), not a mix.
    await page.getByRole('navigation').getByRole('link', { name: 'Chat' }).click();
    await eventually(count(page.getByTestId('pet-line')), 30_000).toBe(2);
    await switchTo(page, 'Mochi');
    await eventually(text(page.getByRole('heading', { level: 1 }))).toBe('Chat with Mochi');
    await eventually(count(page.getByTestId('pet-line'))).toBe(1);
    expect(await text(page.getByTestId('messages'))()).not.toContain('navigator');
    await switchTo(page, 'Captain Wren');
    await page.getByRole('navigation').getByRole('link', { name: 'Today' }).click();
    await page.getByTestId('pet-switcher').click();
    await shot(page, 'desktop-4-switcher');
    await page.keyboard.press('Escape');
    await switchTo(page, 'Mochi');
    await page.reload();
    await eventually(text(page.getByTestId('pet-switcher')), 30_000).toContain('Mochi');
    await eventually(text(page.getByRole('heading', { level: 1 }))).toBe('Mochi');

    // A pet made outside the app (the CLI, the API) for this user appears.
    const token = await tokenOf(page);
    await f.createPet(token, 'Pebble');
    await page.reload();
    await page.getByTestId('pet-switcher').click();
    await visible(page.getByRole('button', { name: 'Pebble', exact: true }));
    await page.keyboard.press('Escape');

    // Edit Mochi: its profile and a portrait.
    await page.getByTestId('pet-switcher').click();
    await page.getByRole('link', { name: 'Manage pets' }).click();
    await page.waitForURL(`${base}/pets`);
    await eventually(count(page.getByTestId('pet-row'))).toBe(3);
    await shot(page, 'desktop-5-pets');
    await page.getByRole('link', { name: 'Edit Mochi' }).click();
    await eventually(text(page.getByRole('heading', { level: 1 }))).toBe('Edit Mochi');
    await page.getByLabel('Name', { exact: true }).fill('Mochi Moon');
    await page.getByLabel('First words').fill('*stretches* Hello, {{user}}!');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await visible(page.getByText('Saved.', { exact: true }));
    await eventually(text(page.getByTestId('pet-switcher'))).toContain('Mochi Moon');
    const edited = (await petsOf(token)).find((p) => p.profile.name === 'Mochi Moon');
    expect(edited).toBeDefined();
    await page.getByLabel('Choose an image (PNG, JPEG or WebP)').setInputFiles(fixturePath('v2-chara.png'));
    await visible(page.getByText('Portrait saved.'));
    await eventually(loadedImage(page.locator('.portrait-row [data-testid=portrait]'))).toBe(true);
    await eventually(loadedImage(page.getByTestId('pet-switcher').getByTestId('portrait'))).toBe(true);
    await shot(page, 'desktop-6-edit');

    // Delete it: the confirmation says what goes with it.
    await page.getByRole('button', { name: 'Delete Mochi Moon' }).click();
    const confirm = page.getByTestId('delete-confirm');
    await visible(confirm);
    for (const erased of ['chats', 'remembers', 'days', 'reflections', 'messages']) {
      expect(await text(confirm)()).toContain(erased);
    }
    await shot(page, 'desktop-7-delete-confirm');
    await confirm.getByRole('button', { name: 'Yes, delete Mochi Moon' }).click();
    await page.waitForURL(`${base}/pets`);
    await eventually(count(page.getByTestId('pet-row'))).toBe(2);
    expect((await petsOf(token)).map((p) => p.profile.name).sort()).toEqual(['Captain Wren', 'Pebble']);
    await eventually(text(page.getByTestId('pet-switcher'))).not.toContain('Mochi');

    // 中文: the same pages in Chinese.
    await page.getByRole('button', { name: '中文' }).click();
    await eventually(text(page.getByRole('heading', { level: 1 }))).toBe('你的宠物');
    await page.getByTestId('pet-switcher').click();
    await visible(page.locator('.pet-switcher-menu').getByRole('link', { name: '添加宠物' }));
    await shot(page, 'desktop-8-pets-zh');
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: '编辑Pebble' }).click();
    await page.getByRole('button', { name: '删除Pebble' }).click();
    await eventually(text(page.getByTestId('delete-confirm'))).toContain('聊天记录');
    await shot(page, 'desktop-9-delete-zh');
    await page.getByRole('button', { name: '取消' }).click();
    await page.getByTestId('pet-switcher').click();
    await page.locator('.pet-switcher-menu').getByRole('link', { name: '添加宠物' }).click();
    await page.getByLabel('导入角色卡（PNG 或 JSON）').setInputFiles(fixturePath('v2-chara.png'));
    await visible(page.getByTestId('card-review'), 30_000);
    await eventually(loadedImage(page.getByTestId('card-review').getByTestId('portrait'))).toBe(true);
    await shot(page, 'desktop-10-review-zh');
    await page.getByRole('button', { name: '取消' }).click();
    await eventually(count(page.getByTestId('card-review'))).toBe(0);
    expect((await petsOf(token)).length).toBe(2);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('375 px: the review, the switcher and the pets pages fit a phone (en, zh)', async () => {
    const { context, page, problems } = await newPage({ width: 375, height: 812 });
    await signUp(page, 'Lin');
    await importWren(page, 'phone-1');
    await eventually(loadedImage(page.locator('.pet-card [data-testid=portrait]'))).toBe(true);
    await visible(page.getByTestId('timeline').getByRole('listitem').first(), 60_000);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'phone-2-home');

    await page.getByRole('navigation').getByRole('link', { name: 'Chat' }).click();
    await eventually(text(page.getByTestId('pet-line').first())).toContain('Liny');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'phone-3-chat-greeting');

    await addPet(page, 'rabbit', 'Tangyuan');
    await page.getByTestId('pet-switcher').click();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'phone-4-switcher');
    await page.getByRole('button', { name: 'Captain Wren', exact: true }).click();
    await eventually(text(page.getByRole('heading', { level: 1 }))).toBe('Captain Wren');

    await page.getByTestId('pet-switcher').click();
    await page.getByRole('link', { name: 'Manage pets' }).click();
    await page.getByRole('link', { name: 'Edit Tangyuan' }).click();
    // A photo larger than the server takes is scaled down in the browser, then shown.
    await page.getByLabel('Choose an image (PNG, JPEG or WebP)').setInputFiles(bigPng());
    await eventually(text(page.locator('.portrait-section')), 30_000).toContain('Portrait saved.');
    await eventually(loadedImage(page.locator('.portrait-row [data-testid=portrait]'))).toBe(true);
    await page.getByLabel('Personality').fill('round, sweet and a little shy');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await visible(page.getByText('Saved.', { exact: true }));
    await page.getByRole('button', { name: 'Delete Tangyuan' }).click();
    await visible(page.getByTestId('delete-confirm'));
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'phone-5-delete-confirm');
    await page.getByRole('button', { name: 'Yes, delete Tangyuan' }).click();
    await page.waitForURL(`${base}/pets`);
    await eventually(count(page.getByTestId('pet-row'))).toBe(1);

    await page.getByRole('button', { name: '中文' }).click();
    await eventually(text(page.getByRole('heading', { level: 1 }))).toBe('你的宠物');
    await page.getByTestId('pet-switcher').click();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'phone-6-pets-zh');

    expect(problems).toEqual([]);
    await context.close();
  });
});
