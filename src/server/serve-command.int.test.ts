import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHandle, startSimulator } from '../sim/index.ts';

/** `ipet serve` as a process: the ready line, the API over HTTP, and a graceful SIGTERM. */
const BIN = fileURLToPath(new URL('../../bin/ipet.js', import.meta.url));

let sim: SimHandle;
let dataDir: string;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  dataDir = await mkdtemp(join(tmpdir(), 'ipet-serve-'));
});
afterAll(async () => {
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});

function startServe(env: Record<string, string> = {}): {
  child: ChildProcess;
  ready: Promise<string>;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    env: {
      ...process.env,
      ...env,
      IPET_DATA_DIR: dataDir,
      IPET_ADMIN_KEY: 'serve-test-key',
      IPET_LLM_BASE_URL: sim.url,
      IPET_LLM_MODEL: 'ipet-sim',
      IPET_DATABASE_URL: '',
      IPET_NOW: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const ready = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const match = /^ipet listening on (http:\/\/\S+)$/m.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) =>
      reject(new Error(`ipet serve exited (${code}) before it was ready: ${stderr}`)),
    );
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited };
}

describe('ipet serve', () => {
  it('prints the URL when ready, serves the API, and finishes a streaming reply on SIGTERM before exiting 0', async () => {
    const server = startServe();
    try {
      const url = await server.ready;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ ok: true, store: 'pglite' });

      const signup = await fetch(`${url}/api/v1/users`, {
        method: 'POST',
        headers: { authorization: 'Bearer serve-test-key', 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ann' }),
      });
      expect(signup.status).toBe(201);
      const { token } = await signup.json();
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const pet = await (
        await fetch(`${url}/api/v1/pets`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ name: 'Mochi', kind: 'cat' }),
        })
      ).json();

      sim.configure({ tokensPerSecond: 40 });
      const res = await fetch(`${url}/api/v1/pets/${pet.pet.id}/chat`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ text: 'Tell me about your morning' }),
      });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let body = '';
      let signalled = false;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        body += decoder.decode(value, { stream: true });
        if (!signalled && body.includes('event: text-delta')) {
          signalled = true;
          server.child.kill('SIGTERM');
        }
      }
      expect(signalled).toBe(true);
      expect(body).toMatch(/event: finish\n/);
      expect(await server.exited).toBe(0);
    } finally {
      sim.configure({ tokensPerSecond: 0 });
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  }, 120_000); // a fresh embedded store runs initdb

  it('on SIGTERM lets a slow turn finish and store its reply, then exits within the grace period', async () => {
    const graceSeconds = 15;
    const server = startServe({ IPET_SHUTDOWN_GRACE_SECONDS: String(graceSeconds) });
    let restarted: ReturnType<typeof startServe> | null = null;
    try {
      const url = await server.ready;
      const signup = await fetch(`${url}/api/v1/users`, {
        method: 'POST',
        headers: { authorization: 'Bearer serve-test-key', 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Bea' }),
      });
      const { token } = await signup.json();
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const { pet } = await (
        await fetch(`${url}/api/v1/pets`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ name: 'Momo', kind: 'cat' }),
        })
      ).json();

      // Every model answer takes 4 s to start: longer than the shutdown used to wait for a request.
      sim.configure({ latencyMs: 4_000 });
      const res = await fetch(`${url}/api/v1/pets/${pet.id}/chat`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ text: 'What did you do this morning?', idempotencyKey: 'slow-1' }),
      });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let body = '';
      let signalledAt = 0;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        body += decoder.decode(value, { stream: true });
        if (!signalledAt && body.includes('event: turn-start')) {
          signalledAt = Date.now();
          server.child.kill('SIGTERM');
        }
      }
      expect(signalledAt).toBeGreaterThan(0);
      expect(body).toMatch(/event: finish\n/);
      expect(body).not.toMatch(/event: error\n/);
      expect(await server.exited).toBe(0);
      expect(Date.now() - signalledAt).toBeLessThan(graceSeconds * 1000);

      // The reply was stored before the store closed: the next start shows it answered.
      sim.configure({ latencyMs: 0 });
      restarted = startServe({ IPET_SHUTDOWN_GRACE_SECONDS: String(graceSeconds) });
      const again = await restarted.ready;
      const { messages } = await (
        await fetch(`${again}/api/v1/pets/${pet.id}/messages`, { headers: auth })
      ).json();
      const reply = messages.find(
        (m: { role: string; content: string }) => m.role === 'pet' && m.content !== '',
      );
      expect(messages.filter((m: { status: string }) => m.status !== 'ok')).toEqual([]);
      expect(reply).toBeDefined();
      expect(body).toContain(JSON.stringify(reply.content).slice(1, 20));

      // With nothing in flight, a stop does not wait for the grace period: it exits 0, not cut off.
      restarted.child.kill('SIGTERM');
      expect(await restarted.exited).toBe(0);
    } finally {
      sim.configure({ latencyMs: 0 });
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      if (restarted && restarted.child.exitCode === null) restarted.child.kill('SIGKILL');
    }
  }, 180_000);

  it('after a kill -9 mid-turn, the next start shows the reply failed and a same-key retry answers it once', async () => {
    const server = startServe();
    let restarted: ReturnType<typeof startServe> | null = null;
    try {
      const url = await server.ready;
      const signup = await fetch(`${url}/api/v1/users`, {
        method: 'POST',
        headers: { authorization: 'Bearer serve-test-key', 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Cai' }),
      });
      const { token } = await signup.json();
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const { pet } = await (
        await fetch(`${url}/api/v1/pets`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ name: 'Pip', kind: 'cat' }),
        })
      ).json();
      const send = (base: string, text: string, idempotencyKey?: string) =>
        fetch(`${base}/api/v1/pets/${pet.id}/chat`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ text, ...(idempotencyKey ? { idempotencyKey } : {}) }),
        });

      // Two turns in flight (one with a key, one without, their clients still reading) when it is killed.
      sim.configure({ latencyMs: 60_000 });
      const keyed = await send(url, 'Are you there?', 'crash-1');
      const keyless = await send(url, 'Hello?');
      for (const res of [keyed, keyless]) {
        const reader = res.body!.getReader();
        let body = '';
        while (!body.includes('event: turn-start'))
          body += new TextDecoder().decode((await reader.read()).value);
      }
      server.child.kill('SIGKILL');
      await server.exited;
      sim.configure({ latencyMs: 0 });

      restarted = startServe();
      const again = await restarted.ready;
      const messages = async () =>
        (await (await fetch(`${again}/api/v1/pets/${pet.id}/messages`, { headers: auth })).json())
          .messages as Array<{
          role: string;
          status: string;
          content: string;
        }>;
      // Neither turn is left "typing": both replies show as failed.
      expect(
        (await messages()).filter((m) => m.role === 'pet' && m.status !== 'ok').map((m) => m.status),
      ).toEqual(['failed', 'failed']);
      // The keyed turn's retry runs it again at once (no 409 for minutes), and its message is stored once.
      const retry = await send(again, 'Are you there?', 'crash-1');
      expect(retry.status).toBe(200);
      expect(await retry.text()).toMatch(/event: finish\n/);
      const after = await messages();
      expect(after.filter((m) => m.role === 'user' && m.content === 'Are you there?')).toHaveLength(1);
      expect(after.filter((m) => m.role === 'pet' && m.status === 'failed')).toHaveLength(1);
    } finally {
      sim.configure({ latencyMs: 0 });
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      if (restarted && restarted.child.exitCode === null) restarted.child.kill('SIGKILL');
    }
  }, 240_000);
});
