import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realTimer } from '../policy/signals.ts';
import { type ChooseEmbeddingOptions, chooseLocalEmbedding } from './choose-embedding.ts';
import { DOWNLOAD_FAILURES_FILE } from './download-failures.ts';
import { buildTinyGguf } from './testing/tiny-gguf.ts';

/**
 * The automatic embedder's choice against a model server on 127.0.0.1 (never the network): a GGUF served
 * over HTTP stands for the default model's `hf:` file, downloaded with progress through the same
 * machinery (HEAD check, first-byte timeout, failure memory).
 */
const gguf = buildTinyGguf();
let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url !== '/embed.gguf') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(gguf.length),
      'accept-ranges': 'none',
    });
    res.end(req.method === 'HEAD' ? undefined : gguf);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function modelsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ipet-embed-choice-'));
  dirs.push(dir);
  return dir;
}

const options = (extra: Partial<ChooseEmbeddingOptions> = {}): ChooseEmbeddingOptions => ({
  download: true,
  timer: realTimer,
  ...extra,
});

describe('chooseLocalEmbedding', () => {
  it('downloads the model on first use with progress, then finds it on disk', async () => {
    const dir = modelsDir();
    const settings = { kind: 'local' as const, model: `${base}/embed.gguf`, modelsDir: dir };
    requests.length = 0;

    const offline = await chooseLocalEmbedding(settings, options({ download: false }));
    expect(offline).toMatchObject({ settings: { kind: 'lexical' }, status: 'not-downloaded' });
    expect(offline.warning).toMatch(/embed\.gguf is not downloaded yet .*offline lexical embedder/);
    expect(requests).toEqual([]); // nothing left the machine

    const progress: Array<{ downloadedBytes: number; totalBytes: number; model: string }> = [];
    const first = await chooseLocalEmbedding(
      settings,
      options({ onDownloadProgress: (p) => progress.push(p) }),
    );
    expect(first).toEqual({ settings, status: 'downloaded', warning: null, model: settings.model });
    expect(progress.at(-1)).toMatchObject({ downloadedBytes: gguf.length, model: settings.model });
    expect(requests.some((r) => r.startsWith('GET /embed.gguf'))).toBe(true);

    requests.length = 0;
    const again = await chooseLocalEmbedding(settings, options());
    expect(again).toEqual({ settings, status: 'ready', warning: null, model: settings.model });
    expect(requests).toEqual([]);
  }, 60_000);

  it('falls back to the lexical embedder with a warning when the download fails, and remembers it', async () => {
    const dir = modelsDir();
    const settings = { kind: 'local' as const, model: `${base}/missing.gguf`, modelsDir: dir };
    requests.length = 0;
    const failed = await chooseLocalEmbedding(settings, options());
    expect(failed.settings).toEqual({ kind: 'lexical' });
    expect(failed.status).toBe('failed');
    expect(failed.warning).toMatch(/missing\.gguf could not be downloaded .*404.*offline lexical embedder/);
    expect(requests).toEqual(['HEAD /missing.gguf']);
    const memo = JSON.parse(readFileSync(join(dir, DOWNLOAD_FAILURES_FILE), 'utf8'));
    expect(Object.keys(memo.failures)).toEqual([settings.model]);

    // The next start falls back at once: no request, the remembered reason and how to retry.
    requests.length = 0;
    const next = await chooseLocalEmbedding(settings, options());
    expect(next.status).toBe('failed');
    expect(next.warning).toMatch(/`ipet doctor` retries it/);
    expect(next.failedAt).toBe(memo.failures[settings.model].at);
    expect(requests).toEqual([]);
    expect(existsSync(join(dir, 'missing.gguf'))).toBe(false);

    // An explicit retry (the doctor) forgets it and asks the server once more.
    await chooseLocalEmbedding(settings, options({ retry: true }));
    expect(requests).toEqual(['HEAD /missing.gguf']);
  }, 60_000);

  it('falls back when node-llama-cpp cannot be loaded (no local model at all)', async () => {
    const settings = { kind: 'local' as const, model: 'default', modelsDir: modelsDir() };
    const missing = Object.assign(new Error('Cannot find package node-llama-cpp'), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const choice = await chooseLocalEmbedding(
      settings,
      options({
        importer: async () => {
          throw missing;
        },
      }),
    );
    expect(choice.status).toBe('unavailable');
    expect(choice.settings).toEqual({ kind: 'lexical' });
    expect(choice.warning).toMatch(/bge-m3-Q4_K_M\.gguf cannot run here .*node-llama-cpp/);
  });
});
