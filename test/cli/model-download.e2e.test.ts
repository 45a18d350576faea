import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

// A model URL on a closed port: the download fails at once, without the network.
const MODEL = 'http://127.0.0.1:1/tiny.gguf';
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ipet-download-'));
  await mkdir(join(dataDir, 'models'));
  await writeFile(
    join(dataDir, 'models', 'download-failures.json'),
    JSON.stringify({
      version: 1,
      failures: {
        [MODEL]: {
          message: `could not download the local model ${MODEL}: earlier`,
          hint: null,
          at: '2026-01-01T00:00:00.000Z',
        },
        'hf:someone/no-longer-configured:Q4_K_M': {
          message: 'old',
          hint: null,
          at: '2026-01-01T00:00:00.000Z',
        },
      },
    }),
  );
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

it('doctor retries a remembered failed download once, says so, and lists the alternatives', async () => {
  const env = { IPET_DATA_DIR: dataDir, IPET_LLM_MODEL_PATH: MODEL };
  const r = await runCli(['doctor', '--json'], env, 120_000);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(
    `the download of ${MODEL} failed at 2026-01-01T00:00:00.000Z; retrying it once now`,
  );
  const report = r.json<{
    retriedDownloads: Array<{ model: string; ok: boolean; error: string | null }>;
    alternatives: string[];
  }>();
  expect(report.retriedDownloads).toEqual([
    expect.objectContaining({ model: MODEL, ok: false, error: expect.stringContaining(MODEL) }),
  ]);
  expect(report.alternatives.join('\n')).toContain('IPET_LLM_BASE_URL=http://127.0.0.1:11434/v1');
  expect(report.alternatives.join('\n')).toContain('IPET_LLM_MODEL_PATH=');

  // The new failure is remembered (with a new time); the model no longer configured is forgotten.
  const file = JSON.parse(await readFile(join(dataDir, 'models', 'download-failures.json'), 'utf8'));
  expect(Object.keys(file.failures)).toEqual([MODEL]);
  expect(file.failures[MODEL].at).not.toBe('2026-01-01T00:00:00.000Z');

  const human = await runCli(['doctor'], env, 120_000);
  expect(human.stdout).toMatch(/FAIL download {4}retried http:\/\/127\.0\.0\.1:1\/tiny\.gguf/);
  expect(human.stdout).toContain('no language model works yet. You can:');
}, 300_000);
