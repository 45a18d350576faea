import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatHhMm, localDate } from '../../src/core/index.ts';
import { type SimHandle, startSimulator } from '../../src/sim/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { ensureWebBuild, ROOT } from '../web/web-build.ts';

/**
 * The whole daily loop on one machine, as a new user meets it: only `ipet up` runs (embedded store, the
 * simulator as the model). A chat goes idle, its memories are extracted without any later message, and the
 * pet's next day is built at the off-peak hour without any page asking for it. Meanwhile CLI commands work
 * against the same data, a token from `ipet user token` works with the official `openai` client, the
 * Memories page shows what was remembered, and one SIGINT stops everything within 5 s.
 *
 * The clock is real; the idle gap (3 s) and the off-peak hour (the next minute in the user's timezone) are
 * brought close instead. The user's timezone is picked so that it is afternoon there: an off-peak time from
 * noon on builds the NEXT day (see nightly's schedule), which is what "tomorrow's day is ready" means.
 */

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-results/e2e');

let sim: SimHandle;
let up: ChildProcess;
let base = '';
let stderr = '';
const dataDir = mkdtempSync(join(tmpdir(), 'ipet-loop-'));
/** UTC+offset, so that it is 15:xx there now. */
const offset = (() => {
  const n = (15 - new Date().getUTCHours() + 24) % 24;
  return n > 14 ? n - 24 : n;
})();
const timezone = offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;

function env(): Record<string, string> {
  return {
    IPET_DATA_DIR: dataDir,
    IPET_LLM_BASE_URL: sim.url,
    IPET_LLM_MODEL: 'ipet-sim',
    IPET_EMBED_MODEL: 'ipet-sim-embed',
    IPET_SESSION_IDLE_MINUTES: '0.05',
    IPET_LOG_LEVEL: 'info',
  };
}

async function json<T>(res: Response): Promise<T> {
  const body = await res.text();
  if (!res.ok) throw new Error(`${res.status}: ${body}`);
  return JSON.parse(body) as T;
}

beforeAll(async () => {
  ensureWebBuild();
  mkdirSync(SHOTS, { recursive: true });
  sim = await startSimulator({ port: 0, seed: 7 });
  // The off-peak time: the next whole minute in the user's timezone (at least 20 s ahead).
  const now = new Date(Date.now() + 20_000 + 60_000);
  const local = new Date(now.getTime() + offset * 3_600_000);
  const at = formatHhMm(local.getUTCHours() * 60 + local.getUTCMinutes());
  up = spawn(process.execPath, [join(ROOT, 'bin/ipet.js'), 'up', '--port', '0'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env(), IPET_NIGHTLY_HOUR: at },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  up.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`ipet up did not start:\n${stderr}`)), 90_000);
    up.stdout?.on('data', (chunk) => {
      out += String(chunk);
      const m = /ipet listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    up.on('exit', (code) => reject(new Error(`ipet up exited with ${code}:\n${stderr}`)));
  });
}, 120_000);

afterAll(async () => {
  if (up && up.exitCode === null) up.kill('SIGKILL');
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(`${dataDir}.run`, { recursive: true, force: true });
});

describe('ipet up runs the daily loop by itself', () => {
  let token = '';
  let userId = '';
  let petId = '';

  it('chats, and the CLI works on the same data while the server holds the store', async () => {
    const signup = await json<{ user: { id: string }; token: string }>(
      await fetch(`${base}/api/v1/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ann', timezone, locale: 'en', ageBand: 'adult', interests: ['cello'] }),
      }),
    );
    token = signup.token;
    userId = signup.user.id;
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await json<{ pet: { id: string } }>(
      await fetch(`${base}/api/v1/pets`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: 'Mochi', kind: 'hamster', personality: 'shy but curious' }),
      }),
    );
    petId = created.pet.id;
    const chat = await fetch(`${base}/api/v1/pets/${petId}/chat`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ text: 'I am learning the cello and my exam is on Friday' }),
    });
    expect(chat.status).toBe(200);
    expect(await chat.text()).toContain('event: finish');

    const users = await runCli(['user', 'list', '--json'], env());
    expect(users.code, users.stderr).toBe(0);
    expect(users.json<{ users: Array<{ id: string }> }>().users.map((u) => u.id)).toContain(userId);
    const doctor = await runCli(['doctor', '--json'], env());
    expect(doctor.stderr).not.toMatch(/already open|is busy/);
  });

  it('a token from `ipet user token` works with the official openai client', async () => {
    const issued = await runCli(['user', 'token', '--user', userId, '--json'], env());
    expect(issued.code, issued.stderr).toBe(0);
    const apiKey = issued.json<{ token: string }>().token;
    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey, maxRetries: 0 });
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain(petId);
    const reply = await client.chat.completions.create({
      model: petId,
      messages: [{ role: 'user', content: 'How are you today?' }],
    });
    expect(reply.choices[0]?.message.content?.length ?? 0).toBeGreaterThan(0);

    const revoked = await runCli(['user', 'token', '--user', userId, '--revoke', apiKey, '--json'], env());
    expect(revoked.code, revoked.stderr).toBe(0);
    await expect(client.models.list()).rejects.toMatchObject({ status: 401 });
  });

  it('remembers the chat after the idle gap and builds tomorrow at the off-peak hour, unasked', async () => {
    const headers = { authorization: `Bearer ${token}` };
    await expect
      .poll(
        async () =>
          (
            await json<{ memories: unknown[] }>(
              await fetch(`${base}/api/v1/memories?petId=${petId}`, { headers }),
            )
          ).memories.length,
        { timeout: 60_000, interval: 1_000 },
      )
      .toBeGreaterThan(0);

    // Tomorrow in the user's timezone; read with `ipet world show`, which never builds a day.
    const tomorrow = addDays(localDate(new Date(), timezone), 1);
    await expect
      .poll(
        async () =>
          (await runCli(['world', 'show', '--pet', petId, '--date', tomorrow, '--json'], env())).code,
        { timeout: 150_000, interval: 3_000 },
      )
      .toBe(0);
    const day = await runCli(['world', 'show', '--pet', petId, '--date', tomorrow, '--json'], env());
    expect(day.json<{ schedule: unknown[] }>().schedule.length).toBeGreaterThan(0);
  }, 240_000);

  it('the Memories page lists what was remembered', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, locale: 'en-US' });
      await context.addInitScript(
        ([t, p]) => {
          localStorage.setItem('ipet.token', t as string);
          localStorage.setItem('ipet.petId', p as string);
        },
        [token, petId],
      );
      const page = await context.newPage();
      await page.goto(`${base}/memories`);
      await page.getByTestId('memory').first().waitFor({ state: 'visible', timeout: 20_000 });
      expect(await page.getByTestId('memory').count()).toBeGreaterThan(0);
      await page.screenshot({ path: join(SHOTS, 'memories-after-idle.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it('one SIGINT stops ipet up within 5 s, and the store opens again afterwards', async () => {
    const started = Date.now();
    const exited = new Promise<number | null>((resolve) => up.once('exit', (code) => resolve(code)));
    up.kill('SIGINT');
    const code = await exited;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(code, stderr).toBe(0);
    const users = await runCli(['user', 'list', '--json'], env());
    expect(users.code, users.stderr).toBe(0);
  });
});
