import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROACTIVE } from '../core/index.ts';
import { recordEvent } from '../experiments/index.ts';
import { type SimHandle, startSimulator } from '../sim/index.ts';
import { openStore } from '../store/index.ts';
import { checkWellFormed } from './testing/xml.ts';

/**
 * `ipet eval ...` and `ipet report engagement` end to end: the real CLI in a child process, against the
 * project's simulator as both the companion model and the judge. Everything the simulator produces must be
 * labelled SIMULATOR, and a rerun into the same directory must not call a model again.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/ipet.js');
const FIXTURES = join(ROOT, 'test/fixtures/eval');
const WARNING = 'SIMULATOR — these numbers measure nothing';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function ipet(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('ipet eval against the simulator (companion model and judge)', () => {
  let sim: SimHandle;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 3 });
    dir = await mkdtemp(join(tmpdir(), 'ipet-eval-'));
    env = {
      IPET_DATA_DIR: join(dir, 'home'),
      IPET_LLM_BASE_URL: sim.url,
      IPET_LLM_MODEL: 'ipet-sim',
      IPET_JUDGE_BASE_URL: sim.url,
      IPET_JUDGE_MODEL: 'ipet-sim',
      IPET_LOG_LEVEL: 'error',
    };
  });
  afterAll(async () => {
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    'eval world --samples 2 writes table.md, results.json and chart.svg labelled SIMULATOR, and resumes',
    {
      timeout: 240_000,
    },
    async () => {
      const out = join(dir, 'world');
      const args = ['eval', 'world', '--samples', '2', '--seed', '4', '--out', out, '--json'];
      const first = await ipet(args, env);
      expect(first.stderr).toContain(WARNING);
      expect(first.code, first.stderr).toBe(0);
      const summary = JSON.parse(first.stdout);
      expect(summary).toMatchObject({ simulator: true, warning: WARNING, jobs: 16, failed: 0 });
      expect(summary.reused).toEqual({ days: 0, judgements: 0 });

      const table = await readFile(join(out, 'table.md'), 'utf8');
      expect(table.split('\n')[2]).toContain(`**${WARNING}.**`);
      expect(table).toContain('| Type | Method | Realism | Consistency | Richness | Attraction | n |');
      for (const method of ['Basic Information', 'Direct Generation', 'World Simulation', '- w/o outline']) {
        const rows = table.split('\n').filter((l) => l.includes(`| ${method} |`) && l.endsWith('| 2 |'));
        expect(rows, method).toHaveLength(2); // normal and memory, n = 2 each
      }
      expect(table).toContain('## Token cost per method');

      const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
      expect(results).toMatchObject({ kind: 'ipet-eval-world', simulator: true, warning: WARNING });
      expect(results.setup.companion).toEqual({ model: 'ipet-sim', simulator: true });
      expect(results.records).toHaveLength(16);
      for (const record of results.records) {
        expect(record.status).toBe('ok');
        for (const metric of ['realism', 'consistency', 'richness', 'attraction']) {
          expect(Object.keys(record.scores[metric])).toEqual(['analysis', 'rating']);
        }
        if (record.method === 'basic-info') expect(record.usage.generation.calls).toBe(0);
        else {
          expect(record.day.schedule.length).toBeGreaterThan(0);
          expect(record.usage.generation.calls).toBeGreaterThan(0);
        }
      }
      const svg = await readFile(join(out, 'chart.svg'), 'utf8');
      expect(checkWellFormed(svg)).toEqual([]);
      expect(svg).toContain(`>${WARNING}</text>`);
      // the user's store was never opened: evaluation runs in memory
      expect(existsSync(join(dir, 'home', 'db'))).toBe(false);

      // resume: the same command again asks no model anything (only the simulator probes hit /models)
      const before = sim.stats().requests.chatCompletions;
      const again = await ipet(args, env);
      expect(again.code, again.stderr).toBe(0);
      expect(sim.stats().requests.chatCompletions).toBe(before);
      const resumed = JSON.parse(again.stdout);
      expect(resumed.reused).toEqual({ days: 16, judgements: 64 });
      expect(resumed.table).toEqual(summary.table);
    },
  );

  it(
    'eval persona scores APC through the dialogue pipeline, labelled SIMULATOR, and resumes',
    {
      timeout: 240_000,
    },
    async () => {
      const out = join(dir, 'persona');
      const args = [
        'eval',
        'persona',
        '--personas',
        join(FIXTURES, 'personas.json'),
        '--queries',
        join(FIXTURES, 'queries.jsonl'),
        '--max-queries',
        '2',
        '--out',
        out,
        '--json',
      ];
      const first = await ipet(args, env);
      expect(first.code, first.stderr).toBe(0);
      const summary = JSON.parse(first.stdout);
      expect(summary).toMatchObject({ simulator: true, warning: WARNING });
      expect(summary.overall).toMatchObject({ n: 4, failed: 0 });
      expect(summary.personas.map((p: { persona: string; n: number }) => [p.persona, p.n])).toEqual([
        ['kettle', 2],
        ['xiaohu', 2],
      ]);
      const table = await readFile(join(out, 'table.md'), 'utf8');
      expect(table).toContain(`**${WARNING}.**`);
      expect(table).toContain('| **Overall** |');
      const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
      expect(results.simulator).toBe(true);
      for (const item of results.items) {
        expect(item.response.length).toBeGreaterThan(0);
        expect(item.apc.normalized).toBeGreaterThanOrEqual(0);
        expect(item.apc.normalized).toBeLessThanOrEqual(1);
        expect(item.judgements).toHaveLength(item.apc.statements);
      }
      expect(results.usageThisRun.chat.calls).toBeGreaterThanOrEqual(4);

      const before = sim.stats().requests.chatCompletions;
      const again = await ipet(args, env);
      expect(again.code, again.stderr).toBe(0);
      expect(sim.stats().requests.chatCompletions).toBe(before);
      expect(JSON.parse(again.stdout).overall).toEqual(summary.overall);
    },
  );

  it(
    'eval world --days 7 lives seven nights per sample and writes the continuity table beside Table 1',
    { timeout: 240_000 },
    async () => {
      const out = join(dir, 'days');
      const args = [
        'eval',
        'world',
        '--samples',
        '1',
        '--seed',
        '2',
        '--modes',
        'memory',
        '--methods',
        'world-sim',
      ];
      const run = await ipet([...args, '--days', '7', '--out', out, '--json'], env);
      expect(run.code, run.stderr).toBe(0);
      const summary = JSON.parse(run.stdout);
      expect(summary.continuity).toMatchObject({ days: 7, samples: 1, failed: 0 });
      expect(summary.continuity.metrics.continuity.n).toBe(1);
      expect(summary.continuity.metrics.variety.n).toBe(1);
      expect(summary.continuity.repetition.n).toBe(1);

      const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
      const [record] = results.continuity.records;
      expect(record.status).toBe('ok');
      // seven consecutive dates, each with a schedule
      expect(record.days).toHaveLength(7);
      const dates = record.days.map((d: { date: string }) => d.date);
      for (let i = 1; i < dates.length; i++) {
        expect(Date.parse(dates[i]) - Date.parse(dates[i - 1])).toBe(86_400_000);
      }
      for (const day of record.days) expect(day.titles.length).toBeGreaterThan(0);
      // the pet reflected along the way (the nightly job's own step)
      expect(record.reflections).toBeGreaterThan(0);
      expect(record.repetition).toBeGreaterThanOrEqual(0);
      expect(record.repetition).toBeLessThanOrEqual(1);
      for (const metric of ['continuity', 'variety']) {
        expect(Object.keys(record.scores[metric])).toEqual(['analysis', 'rating']);
      }

      const table = await readFile(join(out, 'table.md'), 'utf8');
      expect(table).toContain('# Table 1');
      expect(table).toContain('## Multi-day continuity (7 consecutive days per sample)');
      expect(table).toContain('> **SIMULATOR**');
      expect(table).toMatch(
        /\| World Simulation, memory mode \| [0-9.]+ ± [0-9.]+ \| [0-9.]+ ± [0-9.]+ \| [0-9.]+% \|/,
      );
    },
  );

  it('eval reference scores ROUGE-L of given and generated responses', { timeout: 120_000 }, async () => {
    const out = join(dir, 'reference');
    const run = await ipet(
      ['eval', 'reference', '--file', join(FIXTURES, 'reference.jsonl'), '--out', out, '--json'],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.simulator).toBe(true);
    expect(summary.summary.at(-1)).toMatchObject({ character: 'all', n: 3, failed: 0 });
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    const given = results.records.find((r: { id: string }) => r.id === 'given-1');
    // "i drink earl grey tea in the afternoon" vs "i drink earl grey tea every afternoon": LCS 6, P 6/8, R 6/7
    expect(given.rougeL.f).toBeCloseTo((2 * (6 / 8) * (6 / 7)) / (6 / 8 + 6 / 7), 10);
    expect(await readFile(join(out, 'table.md'), 'utf8')).toContain(WARNING);
  });

  it('a missing judge is a one-line error naming the flag and the variable', async () => {
    const { IPET_JUDGE_BASE_URL: _u, IPET_JUDGE_MODEL: _m, ...noJudge } = env;
    const run = await ipet(['eval', 'world', '--samples', '1', '--out', join(dir, 'nojudge')], {
      ...noJudge,
      IPET_JUDGE_BASE_URL: '',
      IPET_JUDGE_MODEL: '',
    });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/--judge-base-url.*IPET_JUDGE_BASE_URL/);
  });
});

describe('ipet report engagement', () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads recorded events and compares the variants with 95% intervals', { timeout: 120_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'ipet-report-'));
    const store = await openStore({ kind: 'pglite', dataDir: join(dir, 'db') });
    const day = Date.parse('2025-05-01T10:00:00Z');
    for (let i = 0; i < 12; i++) {
      const userId = `usr_r${i}`;
      const variant = i % 2 === 0 ? 'control' : 'treatment';
      await store.users.create({
        id: userId,
        name: `U${i}`,
        callName: '',
        timezone: 'UTC',
        locale: 'en',
        ageBand: 'adult',
        interests: [],
        proactive: DEFAULT_PROACTIVE,
        createdAt: new Date(day),
        updatedAt: new Date(day),
      });
      const common = { userId, experiment: 'world-sim', variant, sessionId: `ses_${i}` };
      const minutes = variant === 'control' ? 3 + (i % 3) : 5 + (i % 3);
      await recordEvent(store.events, { ...common, kind: 'session_start', at: new Date(day) });
      if (variant === 'treatment' || i % 4 === 0) {
        await recordEvent(store.events, { ...common, kind: 'message_sent', at: new Date(day + 30_000) });
      }
      await recordEvent(store.events, {
        ...common,
        kind: 'session_end',
        at: new Date(day + minutes * 60_000),
      });
    }
    await store.close();

    const run = await ipet(
      [
        'report',
        'engagement',
        '--from',
        '2025-05-01',
        '--to',
        '2025-05-07',
        '--experiment',
        'world-sim',
        '--json',
      ],
      { IPET_DATA_DIR: dir, IPET_LOG_LEVEL: 'error' },
    );
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(
      report.variants.map((v: { variant: string; users: number; chatters: number }) => [
        v.variant,
        v.users,
        v.chatters,
      ]),
    ).toEqual([
      ['control', 6, 3],
      ['treatment', 6, 6],
    ]);
    expect(report.comparisons[0]).toMatchObject({ variant: 'treatment', baseline: 'control' });
    expect(report.comparisons[0].engagement.diff).toBeCloseTo(0.5, 10);
    expect(report.comparisons[0].usage.diff).toBeCloseTo(2, 10);
    expect(report.comparisons[0].usage.low).toBeLessThan(2);

    const text = await ipet(
      ['report', 'engagement', '--from', '2025-05-01', '--to', '2025-05-07', '--experiment', 'world-sim'],
      {
        IPET_DATA_DIR: dir,
        IPET_LOG_LEVEL: 'error',
      },
    );
    expect(text.stdout).toContain('treatment vs control:');
    expect(text.stdout).toMatch(/engagement rate \+50\.0 pp \(95% CI/);
  });
});
