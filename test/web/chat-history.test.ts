import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatSession, Message } from '../../src/core/entities.ts';
import { openServerFixture, type ServerFixture } from '../../src/server/testing.ts';
import { ensureWebBuild, ROOT, WEB_DIST } from './web-build.ts';

/**
 * Chat that tells the truth and the home by day and night (issue 20 parts 4-5), in Debian's chromium against
 * the server and the model simulator: message times and session dividers over paged history, a failed
 * reply still marked after a reload and answered on Retry (same key), the home at night (the pet asleep),
 * previous/next day navigation; at desktop and 375px, in English and Chinese. Screenshots: test-results/web.
 */

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-results/web');
/** 02:30 in Paris (the users' time zone): night, before any schedule item. */
const NIGHT = '2025-03-04T01:30:00Z';

const eventually = <T>(fn: () => Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 50 });
const text = (locator: Locator) => async () => (await locator.textContent())?.trim() ?? '';
const count = (locator: Locator) => () => locator.count();
const visible = (locator: Locator, timeout = 15_000) => locator.waitFor({ state: 'visible', timeout });

let f: ServerFixture;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  ensureWebBuild();
  mkdirSync(SHOTS, { recursive: true });
  f = await openServerFixture({ openSignup: true, webRoot: WEB_DIST });
  f.clock.set(NIGHT);
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

/** A user with a pet and two earlier conversations (36 messages: more than the first page). */
async function pair(name: string, locale: 'en' | 'zh') {
  const user = await f.signup(name, { callName: name, locale, ageBand: 'adult' });
  const pet = await f.createPet(user.token, locale === 'zh' ? '团子' : 'Mochi');
  const days = [
    { at: Date.parse('2025-03-01T17:00:00Z'), n: 20 },
    { at: Date.parse('2025-03-03T18:00:00Z'), n: 16 },
  ];
  for (const [s, { at, n }] of days.entries()) {
    const session: ChatSession = {
      id: `ses_${user.id}_${s}`,
      userId: user.id,
      petId: pet.id,
      startedAt: new Date(at),
      lastMessageAt: new Date(at + n * 60_000),
      closedAt: new Date(at + n * 60_000),
      extractedAt: null,
    };
    await f.store.chats.createSession(session);
    for (let i = 0; i < n; i++) {
      const mine = i % 2 === 0;
      const message: Message = {
        id: `msg_${user.id}_${s}_${i}`,
        sessionId: session.id,
        userId: user.id,
        petId: pet.id,
        role: mine ? 'user' : 'pet',
        content: mine ? `Talk ${s}.${i}: how was the garden?` : `Lovely! The tulips came up (${s}.${i}).`,
        emotion: mine ? null : 'joy',
        status: 'ok',
        idempotencyKey: `seed-${s}-${Math.floor(i / 2)}`,
        replyToId: null,
        error: null,
        createdAt: new Date(at + i * 60_000),
      };
      await f.store.chats.appendMessage(message);
    }
  }
  return { user, pet };
}

async function open(token: string, width: number): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height: width < 500 ? 812 : 860 },
    locale: 'en-US',
    timezoneId: 'Europe/Paris',
    ...(width < 500 ? { isMobile: true, hasTouch: true } : {}),
  });
  await context.route(/^https?:\/\//, (route) =>
    route.request().url().startsWith(base) ? route.continue() : route.abort(),
  );
  await context.addInitScript((t) => localStorage.setItem('ipet.token', t), token);
  const page = await context.newPage();
  // The browser's clock agrees with the server's: "today" is the same day on both sides.
  await page.clock.install({ time: new Date(NIGHT) });
  await page.clock.resume();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  Object.assign(page, { problems });
  return page;
}

const problemsOf = (page: Page) => (page as Page & { problems: string[] }).problems;
/** The chat is shot as the user sees it (the composer is sticky, so a full-page shot would misplace it). */
const shot = (page: Page, name: string, fullPage = true) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

const LABELS = {
  en: { prev: 'Previous day', next: 'Next day', today: 'Today', imagine: 'Imagine this day', retry: 'Retry' },
  zh: { prev: '前一天', next: '后一天', today: '今天', imagine: '想象这一天', retry: '重试' },
};

for (const [width, locale] of [
  [1024, 'en'],
  [375, 'en'],
  [1024, 'zh'],
  [375, 'zh'],
] as const) {
  const tag = `${width < 500 ? 'phone' : 'desktop'}-${locale}`;
  const L = LABELS[locale];

  describe(`chat and home, ${tag}`, () => {
    it('shows the pet asleep at night and walks the days before and after', async () => {
      const { user } = await pair(`Ada${width}${locale}`, locale);
      const page = await open(user.token, width);
      await page.goto(`${base}/`);
      const slots = page.getByTestId('timeline').getByRole('listitem');
      await visible(slots.first(), 90_000);
      await eventually(() => page.getByTestId('pet-activity').getAttribute('data-activity')).toBe('asleep');
      expect(await count(page.getByTestId('now-marker'))()).toBe(0);
      await visible(page.getByTestId('mood-why'));
      await page.locator('.mood-help summary').click();
      await shot(page, `history-${tag}-1-home-night`);
      expect(await overflow(page)).toBeLessThanOrEqual(0);

      const today = await text(page.getByTestId('schedule-date'))();
      await page.getByRole('button', { name: L.prev }).click();
      await eventually(text(page.getByTestId('schedule-date'))).not.toBe(today);
      await visible(page.getByTestId('day-not-made'));
      await shot(page, `history-${tag}-2-yesterday-not-made`);
      await page.getByRole('button', { name: L.imagine }).click();
      await visible(page.getByTestId('timeline'), 90_000);
      expect(await count(page.getByTestId('pet-activity'))()).toBe(0);
      await shot(page, `history-${tag}-3-yesterday`);
      await page.getByRole('button', { name: L.today, exact: true }).click();
      await eventually(text(page.getByTestId('schedule-date'))).toBe(today);
      await page.getByRole('button', { name: L.next }).click();
      await visible(page.getByTestId('day-not-made'));
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(problemsOf(page)).toEqual([]);
      await page.context().close();
    });

    it('pages back through sessions with times, and keeps a failed reply marked after a reload until Retry', async () => {
      const { user } = await pair(`Bo${width}${locale}`, locale);
      const page = await open(user.token, width);
      await page.goto(`${base}/chat`);
      const lines = page.getByTestId('messages');
      await visible(lines.getByTestId('message-time').first());
      // The first page (30) starts inside the first session: one divider, for the second session.
      await eventually(count(page.getByTestId('session-divider'))).toBe(1);
      expect(await count(lines.getByTestId('reply-emotion'))()).toBeGreaterThan(0);
      await page.locator('.earlier button').click();
      await eventually(count(page.getByTestId('session-divider'))).toBe(2);
      await visible(page.locator('.beginning'));
      expect(await text(page.getByTestId('session-divider').first())()).toMatch(
        locale === 'en' ? /Saturday, March 1/ : /3月1日/,
      );
      expect(await text(page.getByTestId('message-time').first())()).toMatch(/18:00/);
      await page.getByTestId('session-divider').first().scrollIntoViewIfNeeded();
      await shot(page, `history-${tag}-4-chat-history`, false);

      // The model fails: the error is in the conversation, in plain words, never "circuit is open".
      f.sim.configure({ failRate: 1, faults: ['error500'] });
      const keys: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/chat'))
          keys.push(JSON.parse(request.postData() ?? '{}').idempotencyKey);
      });
      const input = page.locator('#chat-input');
      await input.fill(locale === 'en' ? 'Are you awake?' : '你醒着吗？');
      await input.press('Enter');
      const error = page.getByTestId('chat-error');
      await visible(error, 60_000);
      expect(await text(error)()).not.toMatch(/circuit|error500|status/i);
      // In view, above the composer.
      const box = await error.boundingBox();
      const composer = await page.locator('.composer').boundingBox();
      expect(box!.y + box!.height).toBeLessThanOrEqual(composer!.y + 1);

      // After a reload the turn is still marked, with Retry.
      await page.reload();
      await visible(page.getByTestId('reply-missing'), 30_000);
      await visible(page.getByTestId('chat-error'));
      await visible(page.getByTestId('chat-error').getByRole('button', { name: L.retry }));
      await shot(page, `history-${tag}-5-failed-after-reload`, false);
      f.sim.configure({ failRate: 0 });
      await page.getByTestId('chat-error').getByRole('button', { name: L.retry }).click();
      await eventually(count(page.getByTestId('chat-error')), 60_000).toBe(0);
      await eventually(count(page.locator('.bubble.pet.streaming')), 60_000).toBe(0);
      await eventually(count(page.getByTestId('reply-missing'))).toBe(0);
      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(keys[0]);
      await page.locator('.messages-end').scrollIntoViewIfNeeded();
      await shot(page, `history-${tag}-6-retried`, false);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(problemsOf(page)).toEqual([]);
      await page.context().close();
    });
  });
}
