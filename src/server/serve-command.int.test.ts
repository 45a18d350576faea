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

function startServe(): { child: ChildProcess; ready: Promise<string>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    env: {
      ...process.env,
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
});
