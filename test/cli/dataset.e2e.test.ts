import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, openRuntime } from '../../src/app/index.ts';
import type { DatasetItem } from '../../src/dataset/index.ts';
import { EMOTIONS } from '../../src/dialogue/index.ts';
import { createPet, createUser } from '../../src/profiles/index.ts';
import { type SimHandle, startSimulator } from '../../src/sim/index.ts';
import { postgresTestDatabase } from '../../src/store/postgres-test-database.ts';
import { adminUrl, skipPostgres } from './e2e-store.ts';
import { runCli } from './run-cli.ts';

/**
 * Issue 21 items 1-3 through the real `ipet` binary, on the embedded store (and `generate` on PostgreSQL), against `ipet sim --schema-only`
 * (answers follow the JSON schema and never read the prompt): `dataset generate` for three pets with
 * progress, killed mid-run and resumed without duplicates; `dataset filter` with counted reasons;
 * `dataset review --apply` honouring a person's edits and refusing a malformed file whole; `dataset profile
 * --create` making a pet from an annotated dialogue.
 */
const BIN = fileURLToPath(new URL('../../bin/ipet.js', import.meta.url));
let sim: SimHandle;
let dir: string;
let out: string;
let env: Record<string, string>;
let ownerId: string;
const petIds: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 21, schemaOnly: true });
  dir = await mkdtemp(join(tmpdir(), 'ipet-dataset-'));
  out = join(dir, 'ds');
  env = {
    IPET_DATA_DIR: join(dir, 'home'),
    IPET_LLM_BASE_URL: sim.url,
    IPET_LLM_MODEL: 'ipet-sim',
    IPET_EMBED_MODEL: 'ipet-sim-embed',
    IPET_JUDGE_BASE_URL: sim.url,
    IPET_JUDGE_MODEL: 'ipet-sim',
    IPET_LLM_MAX_RETRIES: '1',
    IPET_NOW: '2025-03-04T13:05:00Z',
    IPET_LOG_LEVEL: 'error',
  };
  // The owner and the three pets are made in the store directly: CLI runs are the slow part of this suite.
  const rt = await openRuntime(loadConfig(env));
  try {
    const deps = { users: rt.store.users, pets: rt.store.pets, clock: rt.clock, ids: rt.ids };
    ownerId = (await createUser(deps, { name: 'Ada' })).id;
    for (const [name, kind] of [
      ['Mochi', 'ginger cat'],
      ['Pip', 'lighthouse mouse'],
      ['Hazel', 'hedgehog'],
    ] as const) {
      petIds.push((await createPet(deps, { ownerId, profile: { name, kind } })).id);
    }
  } finally {
    await rt.close();
  }
}, 120_000);

afterAll(async () => {
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function ok(args: string[]) {
  const run = await runCli([...args, '--json'], env, 180_000);
  expect(run.code, `ipet ${args.join(' ')}\n${run.stderr}`).toBe(0);
  return run.json();
}

const lines = async (path: string) => {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l.trim() !== '');
};
const items = async () => (await lines(join(out, 'items.jsonl'))).map((l) => JSON.parse(l) as DatasetItem);

// 2 dialogues + SPE 2 (one batch) + CUS 1 + RAW 1 = 5 units a pet, 15 in all; 6 dialogues and 12 Q&A items.
const GENERATE = [
  'dataset',
  'generate',
  '--out',
  '',
  '--dialogues',
  '2',
  '--spe',
  '2',
  '--cus',
  '1',
  '--raw',
  '1',
  '--batch',
  '2',
  '--turns',
  '2-3',
  '--users',
  '2',
  '--concurrency',
  '1',
];
const generateArgs = () => {
  const args = [...GENERATE];
  args[3] = out;
  return [...args, ...petIds.flatMap((id) => ['--pet', id])];
};

/** Starts `ipet dataset generate`, and SIGKILLs it once `atLines` lines of items are written. */
function generateAndKill(atLines: number): Promise<{ killed: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...generateArgs()], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const poll = setInterval(async () => {
      if ((await lines(join(out, 'items.jsonl'))).length >= atLines && !killed) {
        killed = child.kill('SIGKILL');
      }
    }, 20);
    const limit = setTimeout(() => child.kill('SIGKILL'), 170_000);
    child.on('error', reject);
    child.on('close', () => {
      clearInterval(poll);
      clearTimeout(limit);
      resolve({ killed, stderr });
    });
  });
}

describe('ipet dataset against the schema-only simulator', { timeout: 600_000 }, () => {
  it('generate for 3 pets: progress, a kill mid-run, a resume with no duplicates and complete counts', async () => {
    sim.configure({ latencyMs: 250 });
    const first = await generateAndKill(3);
    expect(first.killed, first.stderr).toBe(true);
    expect(first.stderr).toMatch(/dataset generate .* \d+\/15 /);
    const before = (await items()).length;
    expect(before).toBeGreaterThanOrEqual(3);
    expect(before).toBeLessThan(18);

    sim.configure({ latencyMs: 0 });
    const rerun = await runCli([...generateArgs(), '--json'], env, 180_000);
    expect(rerun.code, rerun.stderr).toBe(0);
    const summary = rerun.json<{
      dialogues: number;
      qa: number;
      counts: Record<string, number>;
      units: { total: number; resumed: number; written: number; failed: number };
    }>();
    expect(summary).toMatchObject({ dialogues: 6, qa: 12, counts: { dialogue: 6, spe: 6, cus: 3, raw: 3 } });
    expect(summary.units.total).toBe(15);
    expect(summary.units.resumed).toBeGreaterThan(0);
    expect(summary.units.resumed + summary.units.written).toBe(15);
    expect(rerun.stderr).toMatch(/done earlier/);

    const all = await items();
    expect(all).toHaveLength(18);
    expect(new Set(all.map((i) => i.id)).size).toBe(18);
    expect(new Set(all.map((i) => i.petId))).toEqual(new Set(petIds));
    expect(new Set(all.map((i) => i.locale))).toEqual(new Set(['en', 'zh']));
    for (const item of all) {
      for (const m of item.messages.filter((x) => x.role === 'assistant'))
        expect(EMOTIONS).toContain(m.emotion);
    }
    const dialogue = all.find((i) => i.kind === 'dialogue');
    expect(dialogue?.messages.length).toBeGreaterThanOrEqual(4);
  });

  it('filter counts its reasons; review --apply honours edits and refuses a malformed file whole', async () => {
    const filtered = (await ok(['dataset', 'filter', '--in', out])) as {
      items: number;
      accepted: number;
      rejected: number;
      pending: number;
      reasons: Record<string, number>;
      reviewFile: string;
    };
    expect(filtered.items).toBe(18);
    expect(filtered.accepted + filtered.rejected + filtered.pending).toBe(18);
    const reviewed = await items();
    for (const [reason, count] of Object.entries(filtered.reasons)) {
      expect(
        reviewed.filter((i) => i.review?.status === 'rejected' && i.review.reasons.includes(reason)),
      ).toHaveLength(count);
    }
    expect(reviewed.every((i) => i.review?.by === 'filter')).toBe(true);

    const rows = (await lines(filtered.reviewFile)).map((l) => JSON.parse(l));
    expect(rows).toHaveLength(18);
    const flipped = rows[0].decision === 'accept' ? 'reject' : 'accept';
    rows[0].decision = flipped;
    rows[1].decision = 'reject';
    rows[1].reasons = ['person:too-generic'];
    const edited = join(dir, 'edited.jsonl');
    await writeFile(edited, rows.map((r) => JSON.stringify(r)).join('\n'));
    const applied = (await ok(['dataset', 'review', '--apply', edited, '--in', out])) as { changed: number };
    expect(applied.changed).toBeGreaterThanOrEqual(1);
    const after = await items();
    expect(after[0]?.review).toMatchObject({
      status: flipped === 'accept' ? 'accepted' : 'rejected',
      by: 'person',
    });
    expect(after[1]?.review).toEqual({ status: 'rejected', reasons: ['person:too-generic'], by: 'person' });

    const itemsFile = join(out, 'items.jsonl');
    const snapshot = await readFile(itemsFile, 'utf8');
    const mtime = (await stat(itemsFile)).mtimeMs;
    const bad = join(dir, 'bad.jsonl');
    await writeFile(
      bad,
      `${JSON.stringify({ ...rows[2], decision: 'reject' })}\n{"id": "${rows[3].id}", "decision": "yes"}\n`,
    );
    const refused = await runCli(['dataset', 'review', '--apply', bad, '--in', out], env, 60_000);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('line 2: decision must be accept, reject, pending');
    expect(await readFile(itemsFile, 'utf8')).toBe(snapshot);
    expect((await stat(itemsFile)).mtimeMs).toBe(mtime);
  });

  it('profile --create makes a pet from an emotion-annotated dialogue', async () => {
    const file = join(dir, 'dialogue.jsonl');
    await writeFile(
      file,
      [
        { speaker: 'Zhou Xiaobei', text: 'Haha, a nickname? That is so funny!', emotion: 'joy' },
        { speaker: 'Friend', text: 'They call you Little North now.', emotion: 'neutral' },
        {
          speaker: 'Zhou Xiaobei',
          text: 'I will treasure it... but what if they are teasing me?',
          emotion: 'worried',
        },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const made = (await ok(['dataset', 'profile', '--file', file, '--create', '--owner', ownerId])) as {
      id: string;
      character: string;
      emotions: Record<string, number>;
    };
    expect(made.character).toBe('Zhou Xiaobei');
    expect(made.emotions).toEqual({ joy: 0.5, worried: 0.5 });
    const rt = await openRuntime(loadConfig(env));
    try {
      expect(await rt.store.pets.get(made.id)).toMatchObject({ ownerId, profile: { name: 'Zhou Xiaobei' } });
    } finally {
      await rt.close();
    }
  });
});

describe.skipIf(skipPostgres)('ipet dataset generate on PostgreSQL', { timeout: 300_000 }, () => {
  const pg = postgresTestDatabase(adminUrl);
  let pgEnv: Record<string, string>;
  const pgPets: string[] = [];
  beforeAll(async () => {
    pgEnv = { ...env, IPET_DATABASE_URL: await pg.create(), IPET_DATA_DIR: join(dir, 'pg-home') };
    const rt = await openRuntime(loadConfig(pgEnv));
    try {
      const deps = { users: rt.store.users, pets: rt.store.pets, clock: rt.clock, ids: rt.ids };
      const owner = (await createUser(deps, { name: 'Bo', locale: 'zh' })).id;
      for (const name of ['Dou', 'Mian', 'Tuan']) {
        pgPets.push((await createPet(deps, { ownerId: owner, profile: { name, kind: 'rabbit' } })).id);
      }
    } finally {
      await rt.close();
    }
  }, 120_000);
  afterAll(async () => {
    await pg.drop();
  });

  it('writes labelled dialogues and Q&A for 3 pets read from PostgreSQL', async () => {
    sim.configure({ latencyMs: 0 });
    const pgOut = join(dir, 'ds-pg');
    const args = [...GENERATE];
    args[3] = pgOut;
    const run = await runCli([...args, ...pgPets.flatMap((id) => ['--pet', id]), '--json'], pgEnv, 240_000);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ dialogues: 6, qa: 12 });
    const written = (await lines(join(pgOut, 'items.jsonl'))).map((l) => JSON.parse(l) as DatasetItem);
    expect(new Set(written.map((i) => i.petId))).toEqual(new Set(pgPets));
    for (const item of written.filter((i) => i.kind === 'dialogue')) {
      for (const m of item.messages.filter((m) => m.role === 'assistant')) {
        expect(EMOTIONS as readonly string[]).toContain(m.emotion);
      }
    }
  });
});
