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
import { ensureFriendPool } from '../src/app/services.ts';
import { planNight } from '../src/nightly/plan.ts';
import { type NightStatus, summarizeNight } from '../src/nightly/status.ts';
import { openNightlyProcess } from '../src/nightly/testing/harness.ts';
import { seedPairs } from '../src/nightly/testing/seed-pairs.ts';
import { type SimStats, startSimulator } from '../src/sim/index.ts';
import { postgresTestDatabase } from '../src/store/postgres-test-database.ts';

export interface NightlyBenchOptions {
  /** Admin URL of a PostgreSQL server where throw-away databases may be created. */
  postgresUrl: string;
  /** Repository root (for `bin/ipet.js`). */
  root: string;
  /** Simulator capacity C, also the fleet's model slots. Default 8. */
  capacity?: number;
  /** Simulator latency L per call, ms. Default 200. */
  latencyMs?: number;
  /** Pairs (owner + pet with one conversation) per configuration. Default 64. */
  pairs?: number;
  /** Worker processes per configuration. Default [1, 2, 4]. */
  workers?: number[];
  /** Pairs each worker runs at once. Default 4. */
  concurrency?: number;
  log?: (message: string) => void;
}

export interface NightlyBenchRow {
  workers: number;
  /** Pairs each worker runs at once. */
  concurrency: number;
  capacity: number;
  latencyMs: number;
  pairs: number;
  /** From queueing the night to the last job done. */
  seconds: number;
  pairsPerHour: number;
  /** Model calls the simulator answered (chat and embeddings). */
  calls: number;
  /** Busy share of the simulator's slots while jobs were still waiting for a worker. */
  utilisationSteady: number;
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
  const latencyMs = options.latencyMs ?? 200;
  const pairs = options.pairs ?? 64;
  const concurrency = options.concurrency ?? 4;
  const log = options.log ?? (() => {});
  const rows: NightlyBenchRow[] = [];
  for (const workers of options.workers ?? [1, 2, 4]) {
    log(`nightly: ${workers} worker(s) x ${concurrency}, C=${capacity}, L=${latencyMs}ms, ${pairs} pairs`);
    rows.push(await runOnce({ ...options, capacity, latencyMs, pairs, concurrency, workers, log }));
  }
  return rows;
}

async function runOnce(
  o: Required<Omit<NightlyBenchOptions, 'workers'>> & { workers: number },
): Promise<NightlyBenchRow> {
  const database = postgresTestDatabase(o.postgresUrl);
  const url = await database.create();
  const sim = await startSimulator({ capacity: o.capacity, latencyMs: o.latencyMs, seed: 7 });
  const children: ChildProcess[] = [];
  // This process queues the night and watches it; the workers do the work.
  const control = await openNightlyProcess({ store: { kind: 'postgres', url }, sim, slots: o.capacity });
  try {
    await seedPairs(control.rt.store, { pairs: o.pairs, now: new Date() });
    await ensureFriendPool(control.rt, 'en');
    const ready = Array.from({ length: o.workers }, () => {
      const { child, ready } = startWorker(o.root, url, sim.url, o.capacity, o.concurrency);
      children.push(child);
      return ready;
    });
    await Promise.all(ready);

    sim.reset();
    const started = performance.now();
    await planNight(control.rt, control.queue, { at: '03:00', date: DATE, startNow: true });
    let steady: SimStats | null = null;
    let status: NightStatus;
    for (;;) {
      status = summarizeNight([DATE], await control.queue.jobsOf([DATE]), new Date());
      if (!steady && status.queued === 0 && status.retrying === 0) steady = sim.stats();
      if (status.settled) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    const night = sim.stats();
    return {
      workers: o.workers,
      concurrency: o.concurrency,
      capacity: o.capacity,
      latencyMs: o.latencyMs,
      pairs: status.pairs,
      seconds,
      pairsPerHour: (status.succeeded / seconds) * 3600,
      calls: night.requests.chatCompletions + night.requests.embeddings,
      utilisationSteady: (steady ?? night).utilisation,
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
function startWorker(root: string, url: string, simUrl: string, slots: number, concurrency: number) {
  const child = spawn(
    process.execPath,
    [join(root, 'bin', 'ipet.js'), 'worker', '--no-plan', '--concurrency', String(concurrency)],
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
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  const head = [
    'workers x pairs at once',
    'C',
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
    `${r.workers} x ${r.concurrency}`,
    String(r.capacity),
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
  const rows = await runNightlyBench({
    postgresUrl,
    root: join(dirname(fileURLToPath(import.meta.url)), '..'),
    ...(quick ? { pairs: 16, latencyMs: 100 } : {}),
    log: (message) => process.stderr.write(`${message}\n`),
  });
  process.stdout.write(`## Nightly batch throughput${quick ? ' (quick)' : ''}\n\n${renderNightlyTable(rows)}\n`);
}
