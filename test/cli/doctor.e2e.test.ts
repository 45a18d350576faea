import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ipet-doctor-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

it('with no model at all, doctor says what is missing and how to fix it, and exits non-zero', async () => {
  const r = await runCli(['doctor', '--json'], { IPET_DATA_DIR: dataDir }, 120_000);
  expect(r.code).toBe(1);
  const report = r.json<{
    ok: boolean;
    store: { ok: boolean };
    language: { answerOk: boolean; fix: string };
    embedding: { kind: string; fix: string };
    problems: string[];
  }>();
  expect(report.ok).toBe(false);
  expect(report.store.ok).toBe(true);
  expect(report.language.answerOk).toBe(false);
  expect(report.language.fix).toMatch(/IPET_LLM_BASE_URL/);
  expect(report.language.fix).toMatch(/IPET_LLM_MODEL_PATH/);
  expect(report.embedding.kind).toBe('lexical');
  expect(report.embedding.fix).toMatch(/IPET_EMBED/);

  const human = await runCli(['doctor'], { IPET_DATA_DIR: dataDir }, 120_000);
  expect(human.code).toBe(1);
  expect(human.stdout).toMatch(/FAIL language/);
  expect(human.stdout).toMatch(/fix: set IPET_LLM_BASE_URL/);
}, 180_000);

it('a malformed setting is named in the report', async () => {
  const r = await runCli(
    ['doctor', '--json'],
    { IPET_DATA_DIR: dataDir, IPET_LLM_BASE_URL: 'http://127.0.0.1:1/v1' },
    60_000,
  );
  expect(r.code).toBe(1);
  expect(r.json<{ problems: string[] }>().problems.join(' ')).toMatch(/IPET_LLM_MODEL/);
}, 120_000);
