import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../src/cards/fixtures.ts';
import type { Memory } from '../../src/core/entities.ts';
import { openServerFixture, type ServerFixture } from '../../src/server/testing.ts';
import { ensureWebBuild, ROOT, WEB_DIST } from './web-build.ts';

/**
 * The web app in a real browser (Debian's chromium through playwright-core) against the real server and
 * the model simulator: onboarding, today's schedule, an item's detail, a streamed chat reply with its
 * emotion, Retry after a model failure, memories (delete, export), friends, the language toggle, a
 * pass at phone width, and a character card upload. Screenshots go to test-results/web.
 */

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-results/web');

/** vitest's polling expect with a wait long enough for a browser (playwright-core ships no assertions). */
const eventually = <T>(fn: () => Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 50 });
const text = (locator: Locator) => async () => (await locator.textContent())?.trim() ?? '';
const count = (locator: Locator) => () => locator.count();
const focused = (locator: Locator) => () => locator.evaluate((el) => el === document.activeElement);
const visible = (locator: Locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });

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
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await f?.close();
});

async function newPage(viewport: {
  width: number;
  height: number;
}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport,
    locale: 'en-US',
    timezoneId: 'Europe/Paris',
    acceptDownloads: true,
    ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('status of 4')) problems.push(m.text());
  });
  // Nothing may be fetched from anywhere but the app's own origin (no CDN fonts or assets).
  await context.route(/^https?:\/\//, (route) =>
    route.request().url().startsWith(base) ? route.continue() : route.abort(),
  );
  Object.assign(page, { problems });
  return { context, page };
}

const problemsOf = (page: Page) => (page as Page & { problems: string[] }).problems;
const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function onboard(page: Page, you: string, pet: string) {
  await page.goto(`${base}/`);
  await page.waitForURL(/\/welcome$/);
  await eventually(text(page.getByTestId('ai-disclosure'))).toContain('AI companion');
  expect(await page.getByLabel('Time zone').inputValue()).toBe('Europe/Paris');
  await page.getByLabel('Your name').fill(you);
  await page.getByLabel('What should your pet call you?').fill(`${you}y`);
  await page.getByLabel('Age', { exact: true }).selectOption('adult');
  return async (screenshot?: string) => {
    if (screenshot) await shot(page, `${screenshot}-1-you`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'I have kept it' }).click();
    await page.getByLabel('Kind').fill('cat');
    await page.getByLabel('Name', { exact: true }).fill(pet);
    await page.getByLabel('Looks').fill('orange fur with a white tip on the tail');
    await page.getByLabel('Personality').fill('curious, gentle, a little lazy');
    await page.getByLabel('Speaking style').fill('short sentences, says "meow" when happy');
    if (screenshot) await shot(page, `${screenshot}-2-pet`);
    await page.getByRole('button', { name: 'Meet my pet' }).click();
    await page.waitForURL(`${base}/`);
  };
}

/** The browser's session (the HttpOnly cookie's value is a user token, good as a bearer token too). */
async function tokenOf(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'ipet_session');
  if (!cookie) throw new Error('no session cookie');
  return cookie.value;
}

async function api<T>(token: string, method: 'GET' | 'DELETE', url: string): Promise<T> {
  const res = await f.app.inject({ method, url, headers: f.bearer(token) });
  return res.json() as T;
}

function memory(
  userId: string,
  petId: string,
  id: string,
  text: string,
  category: Memory['category'],
): Memory {
  const at = f.clock.now();
  return {
    id,
    userId,
    petId,
    text,
    category,
    occurredAt: at,
    createdAt: at,
    expiresAt: category === 'permanent' ? null : new Date(at.getTime() + 7 * 86_400_000),
    supersededAt: null,
    supersededById: null,
    sourceSessionId: null,
    externalId: null,
    embeddingModel: null,
    subject: 'user',
    kind: null,
    dueOn: null,
  };
}

describe('web app', () => {
  it('walks onboarding -> today -> item -> chat (stream, retry) -> memories -> friends -> 中文', async () => {
    const { context, page } = await newPage({ width: 1024, height: 800 });
    const finish = await onboard(page, 'Ada', 'Mochi');
    await finish('desktop-0-onboarding');

    // Home: the pet, its mood, today's schedule with the current item marked "now".
    await eventually(text(page.getByRole('heading', { level: 1 }))).toBe('Mochi');
    const slots = page.getByTestId('timeline').getByRole('listitem');
    await visible(slots.first(), 60_000);
    expect(await slots.count()).toBeGreaterThanOrEqual(3);
    await eventually(count(page.getByTestId('now-marker'))).toBe(1);
    await visible(page.getByTestId('mood').locator('.emotion'));
    await visible(page.getByRole('link', { name: 'Chat with Mochi' }));
    await shot(page, 'desktop-1-home');

    // An item opens into its detail.
    const firstTitle = (await slots.first().locator('.slot-title').textContent()) ?? '';
    await slots.first().getByRole('link').click();
    await page.waitForURL(/\/day\/\d{4}-\d{2}-\d{2}\/0$/);
    await eventually(text(page.getByRole('heading', { level: 1 }))).toBe(firstTitle);
    await eventually(focused(page.getByRole('heading', { level: 1 }))).toBe(true);
    const detail = (await page.getByTestId('item-detail').textContent()) ?? '';
    expect(detail.trim().split(/\s+/).length).toBeGreaterThan(5);
    await shot(page, 'desktop-2-item');
    await page.goBack();
    await visible(page.getByTestId('timeline'));

    // Chat: the reply streams in (partial text while it is still being written), then settles with an emotion.
    await page.getByRole('link', { name: 'Chat with Mochi' }).click();
    await page.waitForURL(`${base}/chat`);
    f.sim.configure({ tokensPerSecond: 40 });
    const input = page.getByLabel('Message');
    await input.fill('Hi Mochi! I love rainy mornings and green tea.');
    await input.press('Enter');
    await eventually(text(page.getByTestId('user-line').last())).toContain('green tea');
    const streaming = page.locator('.bubble.pet.streaming[aria-busy="true"] .bubble-text');
    await eventually(text(streaming), 30_000).not.toBe('');
    await shot(page, 'desktop-3-chat-streaming');
    const reply = page.locator('.bubble.pet.ok').last();
    await eventually(count(page.locator('.bubble.pet.streaming')), 60_000).toBe(0);
    expect(((await reply.locator('.bubble-text').textContent()) ?? '').length).toBeGreaterThan(3);
    await visible(page.getByTestId('chat-emotion').locator('.emotion'));
    expect(await page.getByTestId('messages').getAttribute('aria-live')).toBe('polite');
    f.sim.configure({ tokensPerSecond: 0 });
    // The session starts with the AI disclosure, shown apart from the pet's voice.
    await eventually(text(page.getByTestId('notice-ai-disclosure'))).toContain('AI');
    await shot(page, 'desktop-4-chat');

    // The model fails: a clear error with Retry; Retry resends with the same idempotency key.
    const keys: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/chat')) keys.push(JSON.parse(request.postData() ?? '{}').idempotencyKey);
    });
    const repliesBefore = await page.locator('.bubble.pet.ok').count();
    f.sim.configure({ failRate: 1, faults: ['error500'] });
    await input.fill('Are you there?');
    await input.press('Enter');
    const error = page.getByTestId('chat-error');
    await visible(error, 30_000);
    expect(await error.getAttribute('role')).toBe('alert');
    await shot(page, 'desktop-5-chat-error');
    f.sim.configure({ failRate: 0 });
    await error.getByRole('button', { name: 'Retry' }).click();
    await eventually(count(error)).toBe(0);
    await eventually(count(page.locator('.bubble.pet.streaming')), 60_000).toBe(0);
    await eventually(count(page.locator('.bubble.pet.ok'))).toBe(repliesBefore + 1);
    await eventually(count(page.locator('.bubble.user.ok'))).toBe(2);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);

    // A message in crisis gets the crisis lines, out of character, before the pet's reply.
    await input.fill('I want to end my life');
    await input.press('Enter');
    await eventually(text(page.getByTestId('notice-crisis')), 30_000).toContain('988');
    await eventually(count(page.locator('.bubble.pet.streaming')), 60_000).toBe(0);
    await shot(page, 'desktop-5b-chat-crisis');

    // Memories: seeded in the store, shown by tier, one deleted, exported as JSON.
    const token = await tokenOf(page);
    const { user } = await api<{ user: { id: string } }>(token, 'GET', '/api/v1/me');
    const { pets } = await api<{ pets: Array<{ id: string }> }>(token, 'GET', '/api/v1/pets');
    const petId = pets[0]!.id;
    const forget = 'Ada is allergic to cat hair but loves cats anyway';
    const keep = 'Ada has a piano lesson on Friday';
    await f.store.memories.insert([
      { memory: memory(user.id, petId, 'web-mem-1', forget, 'permanent'), embedding: null },
      { memory: memory(user.id, petId, 'web-mem-2', keep, 'short_term'), embedding: null },
    ]);
    await page.getByRole('navigation').getByRole('link', { name: 'Memories' }).click();
    await eventually(text(page.getByTestId('tier-permanent'))).toContain(forget);
    await eventually(text(page.getByTestId('tier-short_term'))).toContain(keep);
    await shot(page, 'desktop-6-memories');
    await page.getByRole('button', { name: `Delete memory: ${forget}` }).click();
    await eventually(count(page.getByText(forget))).toBe(0);
    await visible(page.getByText(keep));
    const left = await api<{ memories: Memory[] }>(token, 'GET', `/api/v1/memories?petId=${petId}`);
    expect(left.memories.map((m) => m.text)).not.toContain(forget);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(JSON.stringify(exported)).toContain(keep);

    // Friends.
    await page.getByRole('navigation').getByRole('link', { name: 'Friends' }).click();
    await eventually(text(page.getByRole('heading', { level: 1 }))).toBe("Mochi's friends");
    await visible(page.getByTestId('friend').first().or(page.getByText('has not made friends yet')));
    await shot(page, 'desktop-7-friends');

    // Settings: a token for other apps, shown once; with it an OpenAI client lists the pet, and the page's
    // openai snippet runs as it is; Copy puts the token on the clipboard; Revoke ends it (401).
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    const panel = page.getByRole('region', { name: 'Use Mochi from other apps' });
    await panel.getByRole('button', { name: 'Create a token' }).click();
    const appToken = await panel.getByLabel('Token for other apps').inputValue();
    expect(appToken).not.toBe(token);
    const models = (key: string) =>
      fetch(`${base}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    const listed = (await (await models(appToken)).json()) as { data: Array<{ id: string }> };
    expect(listed.data.map((m) => m.id)).toEqual([petId]);
    await panel.getByRole('button', { name: 'Copy the token' }).click();
    await eventually(() => page.evaluate(() => navigator.clipboard.readText())).toBe(appToken);
    const snippet = await text(panel.getByTestId('snippet-openai'))();
    expect(snippet).toContain(`apiKey: '${appToken}'`);
    writeFileSync(join(SHOTS, 'other-apps-snippet.mjs'), snippet); // resolves 'openai' from the repo
    // Asynchronously: the server answering the script runs in this process.
    const said = await promisify(execFile)(process.execPath, [join(SHOTS, 'other-apps-snippet.mjs')]);
    expect(said.stdout.trim().length).toBeGreaterThan(3);
    expect(await text(panel.getByTestId('snippet-curl'))()).toContain(`Bearer ${appToken}`);
    await shot(page, 'other-apps');
    await panel.getByRole('button', { name: 'Revoke this token' }).click();
    await eventually(text(panel.getByRole('status').filter({ hasText: 'Revoked' }))).toContain('Mochi');
    expect((await models(appToken)).status).toBe(401);
    expect(await text(panel.getByTestId('snippet-openai'))()).not.toContain(appToken);

    // The language toggle switches the UI and saves the choice in the profile.
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('navigation').getByRole('link', { name: '今天' }).click();
    await eventually(text(page.getByTestId('ai-disclosure'))).toContain('AI 陪伴角色');
    await visible(page.getByRole('link', { name: '和Mochi聊天' }));
    await shot(page, 'desktop-8-home-zh');
    await eventually(
      async () => (await api<{ user: { locale: string } }>(token, 'GET', '/api/v1/me')).user.locale,
    ).toBe('zh');

    // A reload keeps the session (the HttpOnly cookie) and the language.
    await page.reload();
    await visible(page.getByRole('navigation').getByRole('link', { name: '今天' }));

    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('works at phone width (375px) and from the keyboard', async () => {
    const { context, page } = await newPage({ width: 375, height: 812 });
    const finish = await onboard(page, 'Lin', 'Tangyuan');
    // A slow model makes the first visit's day generation visible: the page says so while it waits.
    f.sim.configure({ latencyMs: 500 });
    await finish('phone-0-onboarding');
    await visible(page.getByTestId('planning'));
    await shot(page, 'phone-1-planning');
    f.sim.configure({ latencyMs: 0 });
    const slots = page.getByTestId('timeline').getByRole('listitem');
    await visible(slots.first(), 60_000);
    await shot(page, 'phone-2-home');
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);

    // Keyboard: on a fresh load the first Tab reaches the skip link; links show a visible focus ring.
    await page.reload();
    await visible(slots.first());
    await page.keyboard.press('Tab');
    await eventually(focused(page.getByRole('link', { name: 'Skip to content' }))).toBe(true);
    const chatLink = page.getByRole('link', { name: 'Chat with Tangyuan' });
    await chatLink.focus();
    const outline = await chatLink.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/chat`);

    await page.getByLabel('Message').fill('Good morning!');
    await page.getByRole('button', { name: 'Send' }).click();
    await eventually(text(page.locator('.bubble.pet.ok').last()), 60_000).not.toBe('');
    await eventually(count(page.locator('.bubble.pet.streaming')), 60_000).toBe(0);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot(page, 'phone-3-chat');

    await page.getByRole('navigation').getByRole('link', { name: 'Today' }).click();
    await slots.nth(1).getByRole('link').click();
    await eventually(text(page.getByTestId('item-detail'))).not.toBe('');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot(page, 'phone-4-item');
    // "Ask about it" opens the chat with a question about the item ready to send.
    const itemTitle = await text(page.getByRole('heading', { level: 1 }))();
    await page.getByRole('link', { name: 'Ask Tangyuan about it' }).click();
    await page.waitForURL(`${base}/chat`);
    expect(await page.getByLabel('Message').inputValue()).toContain(itemTitle);

    await page.getByRole('navigation').getByRole('link', { name: 'Memories' }).click();
    await eventually(text(page.getByRole('heading', { level: 1 }))).toBe('What Tangyuan remembers');
    await shot(page, 'phone-5-memories');

    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('creates the pet from an uploaded character card, and says why a hostile one is refused', async () => {
    const { context, page } = await newPage({ width: 1280, height: 900 });
    await onboard(page, 'Kai', 'unused');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'I have kept it' }).click();
    const upload = page.getByLabel('Import a character card (PNG or JSON)');
    await upload.setInputFiles(fixturePath('hostile/script-in-creator-notes.json'));
    await eventually(text(page.getByRole('alert'))).toContain('This file was not accepted');
    await shot(page, 'card-0-rejected');
    await upload.setInputFiles(fixturePath('v2-chara.png'));
    // The card is shown for review first; Confirm creates the pet.
    await visible(page.getByTestId('card-review'));
    await page.getByRole('button', { name: 'Create Captain Wren' }).click();
    await page.waitForURL(`${base}/`);
    await visible(page.getByRole('link', { name: 'Chat with Captain Wren' }), 60_000);
    await shot(page, 'card-1-home');
    const pets = await api<{ pets: Array<{ profile: { name: string } }> }>(
      await tokenOf(page),
      'GET',
      '/api/v1/pets',
    );
    expect(pets.pets.map((p) => p.profile.name)).toEqual(['Captain Wren']);
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });
});
