import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proactiveDeliveryDeps } from '../../src/app/index.ts';
import { deliverDueMessages } from '../../src/proactive/index.ts';
import { openServerFixture, type ServerFixture, T0 } from '../../src/server/testing.ts';
import { ensureWebBuild, ROOT, WEB_DIST } from './web-build.ts';

/**
 * Messages the pet starts, in the web app (Debian's chromium): a message delivered while the user was away
 * shows as a badge on the chat tab, appears in the chat when they return and is marked read there (the badge
 * goes); Settings turns the messages on and sets the quiet hours and the daily cap.
 */
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-results/web');
const eventually = <T>(fn: () => Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 50 });

let f: ServerFixture;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  ensureWebBuild();
  mkdirSync(SHOTS, { recursive: true });
  f = await openServerFixture({ openSignup: true, webRoot: WEB_DIST });
  await f.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(f.app.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await f?.close();
});

async function signedIn(locale: 'en' | 'zh', proactive: Record<string, unknown>) {
  const user = await f.signup(`Reader ${locale}`, { locale, proactive });
  const pet = await f.createPet(user.token, 'Mochi');
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Paris' });
  await context.addInitScript(
    ([token, petId]) => {
      localStorage.setItem('ipet.token', token);
      localStorage.setItem('ipet.petId', petId);
    },
    [user.token, pet.id] as const,
  );
  const page = await context.newPage();
  return { user, pet, context, page };
}

describe('messages the pet starts, in the web app', () => {
  it('shows the unread badge, then the message in the chat, and marks it read', async () => {
    const { user, pet, context, page } = await signedIn('en', {
      enabled: true,
      quietStart: '22:00',
      quietEnd: '08:00',
      dailyCap: 2,
    });
    const text = 'I found a tiny spiral shell on the beach today - I kept it for you!';
    await f.store.proactive.plan([
      {
        id: 'pmsg_web',
        userId: user.id,
        petId: pet.id,
        date: T0.slice(0, 10),
        position: 0,
        dueAt: new Date(T0),
        text,
        groundedIn: '11:00 Beach walk',
        status: 'planned',
        skipReason: null,
        createdAt: new Date(T0),
        deliveredAt: null,
        messageId: null,
        readAt: null,
      },
    ]);
    expect((await deliverDueMessages(proactiveDeliveryDeps(f.rt))).map((m) => m.status)).toEqual([
      'delivered',
    ]);

    await page.goto(`${base}/`);
    const badge = page.getByTestId('unread-badge');
    await badge.waitFor({ state: 'visible', timeout: 20_000 });
    expect((await badge.textContent())?.trim()).toContain('1');
    await page.screenshot({ path: join(SHOTS, 'proactive-1-badge.png'), fullPage: true });

    await page.getByRole('navigation').getByRole('link', { name: /Chat/ }).click();
    const log = page.getByRole('log');
    await eventually(async () => (await log.textContent()) ?? '').toContain('tiny spiral shell');
    await eventually(async () => (await page.getByTestId('proactive-note').textContent()) ?? '').toContain(
      'Mochi wrote to you while you were away',
    );
    await eventually(() => badge.count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'proactive-2-chat.png'), fullPage: true });
    const unread = await f.app.inject({
      method: 'GET',
      url: '/api/v1/messages/proactive/unread',
      headers: f.bearer(user.token),
    });
    expect(unread.json()).toEqual({ unread: {} });
    await context.close();
  }, 120_000);

  it('turns the messages on and sets the quiet hours and the cap in Settings (in Chinese too)', async () => {
    const { user, context, page } = await signedIn('zh', {});
    await page.goto(`${base}/settings`);
    const form = page.getByTestId('proactive-form');
    await form.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await page.getByRole('heading', { name: 'Mochi的主动消息' }).count()).toBe(1);
    await form.getByLabel('允许Mochi主动给我发消息').check();
    await form.getByLabel('免打扰开始').fill('21:30');
    await form.getByLabel('免打扰结束').fill('07:45');
    await form.getByLabel('每天最多条数').fill('1');
    await form.getByRole('button', { name: '保存' }).click();
    await eventually(async () => (await page.getByTestId('proactive-state').textContent()) ?? '').toContain(
      '已保存',
    );
    await page.screenshot({ path: join(SHOTS, 'proactive-3-settings-zh.png'), fullPage: true });
    const me = await f.app.inject({ method: 'GET', url: '/api/v1/me', headers: f.bearer(user.token) });
    expect(me.json().user.proactive).toEqual({
      enabled: true,
      quietStart: '21:30',
      quietEnd: '07:45',
      dailyCap: 1,
    });
    await context.close();
  }, 120_000);
});
