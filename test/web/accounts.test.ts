import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/index.ts';
import { openServerFixture, type ServerFixture } from '../../src/server/testing.ts';
import { en } from '../../src/web/i18n/en.ts';
import { zh } from '../../src/web/i18n/zh.ts';
import { ensureWebBuild, ROOT, WEB_DIST } from './web-build.ts';

/**
 * Accounts that survive a browser, and Settings (issue 20 parts 1 and 6), in Chromium on desktop and at
 * 375 px, in English and Chinese: sign up and keep the recovery code, sign back in with it from a fresh
 * browser context, change the time zone and see the home's day move, dark colours, sign out, erase.
 */

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-results/web');
const eventually = <T>(fn: () => Promise<T>, timeout = 30_000) => expect.poll(fn, { timeout, interval: 50 });

let f: ServerFixture;
let app: FastifyInstance;
let base: string;
let browser: Browser;

beforeAll(async () => {
  ensureWebBuild();
  mkdirSync(SHOTS, { recursive: true });
  f = await openServerFixture();
  app = buildServer({ runtime: f.rt, version: 'test', openSignup: true, webRoot: WEB_DIST });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await f?.close();
});

const CASES = [
  { name: 'desktop-en', locale: 'en' as const, viewport: { width: 1280, height: 900 } },
  { name: 'phone-en', locale: 'en' as const, viewport: { width: 375, height: 812 } },
  { name: 'desktop-zh', locale: 'zh' as const, viewport: { width: 1280, height: 900 } },
  { name: 'phone-zh', locale: 'zh' as const, viewport: { width: 375, height: 812 } },
];

describe.each(CASES)('accounts and settings ($name)', ({ name, locale, viewport }) => {
  const T = locale === 'zh' ? zh : en;
  const shot = (page: Page, step: string) =>
    page.screenshot({ path: join(SHOTS, `accounts-${name}-${step}.png`), fullPage: true });
  const newContext = (): Promise<BrowserContext> =>
    browser.newContext({
      locale: locale === 'zh' ? 'zh-CN' : 'en-US',
      timezoneId: 'Europe/Paris',
      viewport,
      acceptDownloads: true,
    });
  const overflow = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const scheduleDate = (page: Page) => page.getByTestId('schedule-date').textContent();

  it('signs up, signs back in elsewhere with the recovery code, changes the zone, goes dark, signs out and erases', async () => {
    const you = `Ann ${name}`;
    // 1. Sign up: the recovery code is shown once, with Copy and Download.
    const first = await newContext();
    const page = await first.newPage();
    await page.goto(`${base}/`);
    await page.waitForURL(/\/welcome$/);
    await page.locator('input[name="name"]').fill(you);
    await page.locator('select[name="ageBand"]').selectOption('adult');
    expect(await page.locator('input[name="timezone"]').inputValue()).toBe('Europe/Paris');
    await page.getByRole('button', { name: T['onboarding.next'], exact: true }).click();
    const codeBox = page.getByTestId('recovery-code');
    await codeBox.waitFor({ state: 'visible', timeout: 30_000 });
    const code = ((await codeBox.textContent()) ?? '').trim();
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: T['account.download'] }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('ipet-recovery-code.txt');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, '1-recovery-code');
    await page.getByRole('button', { name: T['account.kept'] }).click();
    // The session is an HttpOnly cookie: the page's script cannot read it, nothing is in localStorage.
    const cookies = await first.cookies();
    expect(cookies.find((c) => c.name === 'ipet_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('ipet_session');
    expect(await page.evaluate(() => localStorage.getItem('ipet.token'))).toBeNull();
    await page.locator('input[name="kind"]').fill('cat');
    await page.locator('input[name="name"]').fill('Mochi');
    await page.getByRole('button', { name: T['onboarding.create'] }).click();
    await page.waitForURL(`${base}/`);
    await eventually(async () => (await scheduleDate(page)) ?? '').not.toBe('');

    // 2. A fresh browser (no cookies, no storage) signs in with the code, typed in lower case.
    const second = await newContext();
    const other = await second.newPage();
    await other.goto(`${base}/`);
    await other.waitForURL(/\/welcome$/);
    await other.getByRole('button', { name: T['account.haveCode'] }).click();
    await other.locator('input[name="recoveryCode"]').fill('AAAA-BBBB-CCCC-DDDD-EEEE');
    await other.getByRole('button', { name: T['account.signIn'] }).click();
    await eventually(async () => (await other.getByRole('alert').textContent()) ?? '').toContain(
      T['account.signInFailed'],
    );
    await other.locator('input[name="recoveryCode"]').fill(code.toLowerCase());
    await shot(other, '2-sign-in');
    await other.getByRole('button', { name: T['account.signIn'] }).click();
    await other.waitForURL(`${base}/`);
    await eventually(async () => (await other.locator('#pet-name').textContent()) ?? '').toBe('Mochi');
    await shot(other, '3-signed-in-home');

    // 3. Settings: a new time zone; the home's day is read again in it (13:05 UTC is already tomorrow at
    // Kiritimati, UTC+14).
    const dayBefore = await scheduleDate(other);
    await other.getByRole('link', { name: T['nav.settings'] }).click();
    await other.waitForURL(`${base}/settings`);
    const zone = other.locator('input[name="timezone"]');
    await zone.fill('Pacific/Kiritimati');
    await other.getByRole('button', { name: T['settings.saveProfile'] }).click();
    await eventually(async () => (await other.getByRole('status').allTextContents()).join(' ')).toContain(
      T['settings.profileSaved'],
    );
    expect((await f.store.users.list()).find((u) => u.name === you)?.timezone).toBe('Pacific/Kiritimati');
    expect(await overflow(other)).toBeLessThanOrEqual(0);
    await shot(other, '4-settings');
    await other.getByRole('link', { name: T['nav.today'] }).click();
    await other.waitForURL(`${base}/`);
    await eventually(async () => (await scheduleDate(other)) ?? '', 60_000).not.toBe(dayBefore);
    await eventually(async () => (await scheduleDate(other)) ?? '').not.toBe('');
    await shot(other, '5-home-new-zone');

    // 4. Dark colours: following the system, or chosen in Settings.
    await other.getByRole('link', { name: T['nav.settings'] }).click();
    await other.getByRole('radio', { name: T['settings.theme.dark'] }).check();
    expect(await other.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    expect(await other.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      'rgb(28, 23, 21)',
    );
    await other.getByRole('radio', { name: T['settings.textSize.large'] }).check();
    expect(await other.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('19px');
    await shot(other, '6-dark');
    await other.reload();
    expect(await other.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    // The system's dark setting is followed without a choice.
    const third = await browser.newContext({ colorScheme: 'dark', viewport });
    const plain = await third.newPage();
    await plain.goto(`${base}/`);
    await plain.waitForURL(/\/welcome$/);
    expect(await plain.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      'rgb(28, 23, 21)',
    );
    await third.close();

    // 5. Sign out: this browser is back at the welcome page; the first one is still signed in.
    await other.getByRole('button', { name: T['settings.signOut'] }).click();
    await other.waitForURL(/\/welcome$/);
    expect((await second.cookies()).find((c) => c.name === 'ipet_session')).toBeUndefined();
    await shot(other, '7-signed-out');
    await page.reload();
    await eventually(async () => (await page.locator('#pet-name').textContent()) ?? '').toBe('Mochi');

    // 6. Erase, typing the name (zh) or "delete" (en) to confirm.
    await page.getByRole('link', { name: T['nav.settings'] }).click();
    await page.waitForURL(`${base}/settings`);
    const erase = page.getByRole('button', { name: T['settings.erase'], exact: true });
    expect(await erase.isDisabled()).toBe(true);
    await page.locator('input[name="eraseConfirm"]').fill('nope');
    expect(await erase.isDisabled()).toBe(true);
    await page.locator('input[name="eraseConfirm"]').fill(locale === 'zh' ? you : 'delete');
    await shot(page, '8-erase');
    await erase.click();
    await page.waitForURL(/\/welcome$/);
    expect((await f.store.users.list()).some((u) => u.name === you)).toBe(false);
    // The code went with the account.
    const gone = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'x-ipet-csrf': '1' },
      remoteAddress: '10.9.9.9',
      payload: { recoveryCode: code },
    });
    expect(gone.statusCode).toBe(401);
    await first.close();
    await second.close();
  }, 300_000);
});
