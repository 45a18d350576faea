/**
 * Nightly batch throughput: pairs per hour with 1, 2 and 4 `ipet worker` processes on one PostgreSQL
 * database, against the model simulator with capacity C (calls served at once) and per-call latency L,
 * and how busy the simulator's slots were (the fleet limiter should keep them >= 90% busy once
 * workers x concurrency covers C, without ever queueing a call at the server).
 *
 * `npx tsx bench/nightly.ts [--quick]` prints a markdown table; `runNightlyBench(options)` returns the rows.
 * A measurement, not a test: nothing here asserts a time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { friendPoolDeps } from '../src/app/index.ts';
import { defaultPairConcurrency } from '../src/jobs/index.ts';
import { type NightStatus, planNight, summarizeNight } from '../src/nightly/index.ts';
import { type SimStats, startSimulator } from '../src/sim/index.ts';
import { postgresTestDatabase } from '../src/store/postgres-test-database.ts';
import { ensureFriendPool } from '../src/world/index.ts';
import { openNightlyProcess } from '../test/nightly/harness.ts';
import { seedPairs } from '../test/nightly/seed-pairs.ts';
import { renderLimiterTable, runLimiterBench } from './nightly-limiter.ts';

export interface NightlyBenchOptions {
  /** Admin URL of a PostgreSQL server where throw-away databases may be created. */
  postgresUrl: string;
  /** Repository root (for `bin/ipet.js`). */
  root: string;
  /** Simulator capacity C. Default 8. */
  capacity?: number;
  /**
   * The fleet's model slots. Default C: the server never has a call waiting. More than C lets the server
   * queue a little, which hides the workers' own time between calls (when the server queues, not 429s).
   */
  slots?: number;
  /** Simulator latency L per call, ms. Default 200. */
  latencyMs?: number;
  /** Pairs (owner + pet with one conversation) per configuration. Default 96. */
  pairs?: number;
  /** Worker processes per configuration. Default [1, 2, 4]. */
  workers?: number[];
  /**
   * Pairs each worker runs at once; default: not passed, so `ipet worker` runs at its own default (twice
   * the model slots, `defaultPairConcurrency`).
   */
  concurrency?: number;
  log?: (message: string) => void;
}

export interface NightlyBenchRow {
  workers: number;
  /** Pairs each worker runs at once (the worker's default when the run did not set it). */
  concurrency: number;
  /** `concurrency` is `ipet worker`'s default. */
  defaultConcurrency: boolean;
  capacity: number;
  slots: number;
  latencyMs: number;
  pairs: number;
  /** From queueing the night to the last job done. */
  seconds: number;
  pairsPerHour: number;
  /** Model calls the simulator answered (chat and embeddings). */
  calls: number;
  /**
   * Busy share of the simulator's slots until the queue ran dry (every job handed to a worker), i.e.
   * while the fleet had more work than it ran at once; null when it never had (pairs <= pairs in flight).
   */
  utilisationSteady: number | null;
  /** Busy share over the whole night (includes the tail, where fewer pairs than slots are left). */
  utilisationNight: number;
  /** Most calls in service at once, and most waiting at the server (the limiter keeps this at 0). */
  maxActive: number;
  maxQueued: number;
  succeeded: number;
  failed: number;
}

const DATE = '2026-07-01';

export async function runNightlyBench(options: NightlyBenchOptions): Promise<NightlyBenchRow[]> {
  const capacity = options.capacity ?? 8;
  const slots = options.slots ?? capacity;
  const latencyMs = options.latencyMs ?? 200;
  const pairs = options.pairs ?? 96;
  const concurrency = options.concurrency ?? null;
  const log = options.log ?? (() => {});
  const rows: NightlyBenchRow[] = [];
  for (const workers of options.workers ?? [1, 2, 4]) {
    log(
      `nightly: ${workers} worker(s) x ${concurrency ?? `${defaultPairConcurrency(slots)} (default)`}, C=${capacity}, slots ${slots}, L=${latencyMs}ms, ${pairs} pairs`,
    );
    rows.push(await runOnce({ ...options, capacity, slots, latencyMs, pairs, concurrency, workers, log }));
  }
  return rows;
}

async function runOnce(
  o: Required<Omit<NightlyBenchOptions, 'workers' | 'concurrency'>> & {
    workers: number;
    concurrency: number | null;
  },
): Promise<NightlyBenchRow> {
  const database = postgresTestDatabase(o.postgresUrl);
  const url = await database.create();
  const sim = await startSimulator({ capacity: o.capacity, latencyMs: o.latencyMs, seed: 7 });
  const children: ChildProcess[] = [];
  // This process queues the night and watches it; the workers do the work.
  const control = await openNightlyProcess({ store: { kind: 'postgres', url }, sim, slots: o.slots });
  try {
    await seedPairs(control.rt.store, { pairs: o.pairs, now: new Date() });
    await ensureFriendPool(friendPoolDeps(control.rt), 'en');
    const ready = Array.from({ length: o.workers }, () => {
      const { child, ready } = startWorker(o.root, url, sim.url, o.slots, o.concurrency);
      children.push(child);
      return ready;
    });
    await Promise.all(ready);

    sim.reset();
    const started = performance.now();
    await planNight(control.deps, control.queue, { at: '03:00', date: DATE, startNow: true });
    let steady: SimStats | null = null;
    let dryBeforeAnyDone = false;
    let status: NightStatus;
    for (;;) {
      status = summarizeNight([DATE], await control.queue.jobsOf([DATE]), new Date());
      if (!steady && status.queued === 0 && status.retrying === 0) {
        steady = sim.stats();
        dryBeforeAnyDone = status.succeeded + status.failed === 0;
      }
      if (status.settled) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    if (process.env.NIGHTLY_BENCH_DEBUG)
      o.log(JSON.stringify({ steps: status.steps, durationMs: status.durationMs, sim: sim.stats() }));
    const night = sim.stats();
    return {
      workers: o.workers,
      concurrency: o.concurrency ?? defaultPairConcurrency(o.slots),
      defaultConcurrency: o.concurrency === null,
      capacity: o.capacity,
      slots: o.slots,
      latencyMs: o.latencyMs,
      pairs: status.pairs,
      seconds,
      pairsPerHour: (status.succeeded / seconds) * 3600,
      calls: night.requests.chatCompletions + night.requests.embeddings,
      utilisationSteady: steady && !dryBeforeAnyDone ? steady.utilisation : null,
      utilisationNight: night.utilisation,
      maxActive: night.maxActive,
      maxQueued: night.maxQueued,
      succeeded: status.succeeded,
      failed: status.failed,
    };
  } finally {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    await control.close();
    await sim.close();
    await database.drop();
  }
}

/** `ipet worker` as its own process; resolves `ready` once it said so. */
function startWorker(root: string, url: string, simUrl: string, slots: number, concurrency: number | null) {
  const child = spawn(
    process.execPath,
    [
      join(root, 'bin', 'ipet.js'),
      'worker',
      '--no-plan',
      ...(concurrency === null ? [] : ['--concurrency', String(concurrency)]),
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        IPET_DATABASE_URL: url,
        IPET_LLM_BASE_URL: simUrl,
        IPET_LLM_MODEL: 'ipet-sim',
        IPET_EMBED_MODEL: 'ipet-sim-embed',
        IPET_NIGHTLY_SLOTS: String(slots),
        IPET_LOG_LEVEL: 'error',
      },
    },
  );
  let stderr = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-8192);
      if (stderr.includes('ipet worker: ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`ipet worker exited (${code}): ${stderr.trim()}`)));
  });
  return { child, ready };
}

export function renderNightlyTable(rows: readonly NightlyBenchRow[]): string {
  const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(0)}%`);
  const head = [
    'workers x pairs at once',
    'C',
    'slots',
    'L (ms)',
    'pairs',
    'seconds',
    'pairs/hour',
    'model calls',
    'sim busy (steady)',
    'sim busy (night)',
    'max in service / queued at server',
    'failed',
  ];
  const lines = rows.map((r) => [
    `${r.workers} x ${r.concurrency}${r.defaultConcurrency ? ' (default)' : ''}`,
    String(r.capacity),
    String(r.slots),
    String(r.latencyMs),
    String(r.pairs),
    r.seconds.toFixed(1),
    Math.round(r.pairsPerHour).toLocaleString('en-US'),
    String(r.calls),
    pct(r.utilisationSteady),
    pct(r.utilisationNight),
    `${r.maxActive} / ${r.maxQueued}`,
    String(r.failed),
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...lines.map(line)].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quick = process.argv.includes('--quick');
  const postgresUrl =
    process.env.IPET_BENCH_DATABASE_URL ??
    process.env.IPET_TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const base = {
    postgresUrl,
    root: join(dirname(fileURLToPath(import.meta.url)), '..'),
    ...(quick ? { pairs: 32, latencyMs: 100 } : {}),
    log: (message: string) => process.stderr.write(`${message}\n`),
  };
  const rows = [
    ...(await runNightlyBench(base)),
    // The same fleet allowed a small queue at the server.
    ...(await runNightlyBench({ ...base, workers: [4], slots: 12 })),
  ];
  process.stdout.write(
    `## Nightly batch throughput${quick ? ' (quick)' : ''}\n\n${renderNightlyTable(rows)}\n`,
  );
  const limiterRows = [];
  for (const processes of [1, 4]) {
    base.log(`fleet limiter alone: ${processes} limiter(s)`);
    limiterRows.push(await runLimiterBench({ postgresUrl, processes, calls: quick ? 10 : 30 }));
  }
  process.stdout.write(`\n## Fleet limiter alone\n\n${renderLimiterTable(limiterRows)}\n`);
}
