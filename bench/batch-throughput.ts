import { load, loadText } from './lib/machine.ts';
import type { Bench, BenchOutput, GoalCheck, Table } from './lib/report.ts';
import { fmt } from './lib/stats.ts';
import { type NightlyBenchRow, runNightlyBench } from './nightly.ts';

const GOAL_UTILISATION = 0.9;

/**
 * Figure 4: the nightly (T+1) batch, measured by `runNightlyBench` in bench/nightly.ts (owned with the
 * nightly module): pairs per hour and simulator utilisation with 1, 2 and 4 `ipet worker` processes.
 */
export const batchThroughputBench: Bench = {
  id: 'nightly',
  title: 'Nightly batch throughput (T+1): pairs per hour and simulator utilisation',
  async run(ctx) {
    if (!ctx.postgresUrl) {
      return {
        tables: [],
        goals: [{ goal: `simulator utilisation >= ${GOAL_UTILISATION * 100}%`, measured: 'TODO', met: null }],
        notes: ['TODO: needs PostgreSQL (the workers share one database); not measured in this run.'],
        data: null,
      };
    }
    const loadAtStart = load();
    const base = {
      postgresUrl: ctx.postgresUrl,
      root: ctx.root,
      log: ctx.log,
      ...(ctx.quick ? { pairs: 16, latencyMs: 100, workers: [1] } : {}),
    };
    const rows = await runNightlyBench(base);
    // The same fleet allowed a small queue at the server (as bench/nightly.ts's own report does).
    if (!ctx.quick) rows.push(...(await runNightlyBench({ ...base, workers: [4], slots: 12 })));
    return report(rows, loadAtStart);
  },
};

function report(rows: NightlyBenchRow[], loadAtStart: number[]): BenchOutput {
  const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(0)}%`);
  const table: Table = {
    title:
      'Nightly batch on PostgreSQL, `ipet worker` processes against the simulator (capacity C, latency L ' +
      `per call); load ${loadText(loadAtStart)} at start`,
    columns: [
      'workers x pairs at once',
      'C',
      'slots',
      'L ms',
      'pairs',
      'seconds',
      'pairs/hour',
      'model calls',
      'sim busy (steady)',
      'sim busy (whole night)',
      'max in service / queued',
      'failed',
    ],
    rows: rows.map((r) => [
      `${r.workers} x ${r.concurrency}${r.defaultConcurrency ? ' (default)' : ''}`,
      String(r.capacity),
      String(r.slots),
      String(r.latencyMs),
      String(r.pairs),
      fmt(r.seconds, 1),
      Math.round(r.pairsPerHour).toLocaleString('en'),
      String(r.calls),
      pct(r.utilisationSteady),
      pct(r.utilisationNight),
      `${r.maxActive} / ${r.maxQueued}`,
      String(r.failed),
    ]),
  };
  const goals: GoalCheck[] = rows.map((r) => ({
    goal:
      `simulator utilisation >= ${GOAL_UTILISATION * 100}% while work is queued ` +
      `(${r.workers} worker(s), slots ${r.slots})`,
    measured: `${pct(r.utilisationSteady)} steady, ${pct(r.utilisationNight)} over the whole night`,
    met: r.utilisationSteady === null ? null : r.utilisationSteady >= GOAL_UTILISATION,
  }));
  return {
    tables: [table],
    goals,
    notes: [
      'Pairs per hour depend on the simulator’s latency L and capacity C chosen here, not on a real model; ' +
        'the figure that carries over is the utilisation (how well the fleet keeps the model busy).',
      '"Steady" covers the time until the queue ran dry (every job handed to a worker); the whole night ' +
        'includes the tail where fewer pairs than slots are left.',
    ],
    data: rows,
  };
}
