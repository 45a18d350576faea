import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/eval/locomo-mini.json', import.meta.url));
const MODES = ['bm25', 'lexical', 'dense', 'hybrid'];

interface Metrics {
  'recall@k': number;
  mrr: number;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ipet-eval-memory-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('eval memory scores a LoCoMo file (en + zh) in every mode without touching the data directory', async () => {
  const env = { IPET_DATA_DIR: join(dir, 'home'), IPET_LOG_LEVEL: 'error' };
  const r = await runCli(['eval', 'memory', '--file', FIXTURE, '--k', '3', '--json'], env, 120_000);
  expect(r.code, r.stderr).toBe(0);
  const report = r.json<{
    questions: number;
    k: number;
    skippedQuestions: { noEvidence: number; evidenceNotFound: number };
    modes: Record<string, Metrics>;
    categories: Record<string, { questions: number; modes: Record<string, Metrics> }>;
    embedder: { kind: string };
  }>();
  expect(report).toMatchObject({
    questions: 10,
    k: 3,
    skippedQuestions: { noEvidence: 1, evidenceNotFound: 1 },
  });
  expect(report.embedder.kind).toBe('lexical');
  expect(Object.keys(report.modes)).toEqual(MODES);
  expect(Object.keys(report.categories)).toEqual(['1', '2', '4', '5']);
  for (const modes of [report.modes, ...Object.values(report.categories).map((c) => c.modes)]) {
    for (const mode of MODES) {
      const m = modes[mode] as Metrics;
      for (const value of [m['recall@k'], m.mrr]) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
      // the first evidence turn is in the top k whenever any is: MRR > 0 exactly when recall > 0
      expect(m.mrr > 0).toBe(m['recall@k'] > 0);
    }
  }
  // single-hop questions share a rare word with their one evidence turn ("iguana", "painting", "杭州")
  expect(report.categories['4']?.modes.bm25).toEqual({ 'recall@k': 1, mrr: 1 });
  expect(r.stderr).toMatch(/eval memory .* 28\/28 100%/);
  expect(existsSync(join(dir, 'home'))).toBe(false);

  await writeFile(join(dir, 'chat.json'), JSON.stringify([{ messages: [{ role: 'user', content: 'hi' }] }]));
  const bad = await runCli(['eval', 'memory', '--file', join(dir, 'chat.json')], env);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/chat\.json: not a LoCoMo file: \[0\]\.conversation is required/);
  expect(bad.stdout).toBe('');
}, 150_000);
