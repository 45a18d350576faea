/**
 * The fleet limiter alone: how much of its slots' time is spent holding a "call" when several limiter
 * instances (as if in several processes: each has its own connections) compete for them, each call being
 * a fixed wait. This isolates the limiter's own cost (probes, unlocks, NOTIFY, handoffs) from the nightly
 * pipeline's work between model calls.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createPostgresLimiter } from '../src/jobs/index.ts';
import { postgresTestDatabase } from '../src/store/postgres-test-database.ts';

export interface LimiterBenchOptions {
  postgresUrl: string;
  slots?: number;
  /** Limiter instances ("processes"). */
  processes?: number;
  /** Callers per process, each doing `calls` calls one after another. Default: twice the slots in all. */
  callers?: number;
  calls?: number;
  holdMs?: number;
}

export interface LimiterBenchRow {
  processes: number;
  slots: number;
  callers: number;
  holdMs: number;
  calls: number;
  seconds: number;
  /** Share of slot time spent holding a call (1 = a slot never idle while callers wait). */
  busy: number;
  /** Most calls held at once (never more than `slots`). */
  maxHeld: number;
}

export async function runLimiterBench(options: LimiterBenchOptions): Promise<LimiterBenchRow> {
  const slots = options.slots ?? 8;
  const processes = options.processes ?? 4;
  const callers = options.callers ?? Math.ceil((2 * slots) / processes);
  const calls = options.calls ?? 20;
  const holdMs = options.holdMs ?? 50;
  const database = postgresTestDatabase(options.postgresUrl);
  const url = await database.create();
  const limiters = await Promise.all(
    Array.from({ length: processes }, () => createPostgresLimiter({ url, slots, name: 'bench' })),
  );
  try {
    let held = 0;
    let maxHeld = 0;
    let busyMs = 0;
    let last = performance.now();
    const account = () => {
      const now = performance.now();
      busyMs += held * (now - last);
      last = now;
    };
    const started = performance.now();
    await Promise.all(
      limiters.flatMap((limiter) =>
        Array.from({ length: callers }, async () => {
          for (let i = 0; i < calls; i++) {
            const release = await limiter.acquire();
            account();
            held++;
            maxHeld = Math.max(maxHeld, held);
            await sleep(holdMs);
            account();
            held--;
            release();
          }
        }),
      ),
    );
    const wallMs = performance.now() - started;
    return {
      processes,
      slots,
      callers: processes * callers,
      holdMs,
      calls: processes * callers * calls,
      seconds: wallMs / 1000,
      busy: busyMs / (wallMs * slots),
      maxHeld,
    };
  } finally {
    await Promise.all(limiters.map((l) => l.close()));
    await database.drop();
  }
}

export function renderLimiterTable(rows: readonly LimiterBenchRow[]): string {
  const head = [
    'limiters ("processes")',
    'slots',
    'callers',
    'hold (ms)',
    'calls',
    'seconds',
    'slots busy',
    'max held',
  ];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(head),
    line(head.map(() => '---')),
    ...rows.map((r) =>
      line([
        String(r.processes),
        String(r.slots),
        String(r.callers),
        String(r.holdMs),
        String(r.calls),
        r.seconds.toFixed(1),
        `${(r.busy * 100).toFixed(0)}%`,
        String(r.maxHeld),
      ]),
    ),
  ].join('\n');
}
