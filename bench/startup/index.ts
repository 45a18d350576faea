import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator } from '../../src/sim/index.ts';
import { load, loadText } from '../lib/machine.ts';
import { freePort, spawnIpet } from '../lib/process.ts';
import type { Bench, BenchContext, BenchOutput, Table } from '../lib/report.ts';
import { fmt, summarise } from '../lib/stats.ts';
import { type Scratch, type StoreKind, storeKinds, withScratch } from '../lib/stores.ts';

const HEALTH_TIMEOUT_MS = 180_000;

interface Start {
  /** Spawn to the first 200 from /healthz. */
  healthMs: number;
  /** Spawn to the "listening" line on stdout. */
  listeningMs: number;
}

interface Scenario {
  name: string;
  kind: StoreKind;
  command: 'up' | 'serve';
  cold: Start[];
  warm: Start[];
  load: [number, number, number];
}

/** Figure 7: from starting the process to the first healthy answer, on a fresh and on an existing store. */
export const startupBench: Bench = {
  id: 'startup',
  title: 'Start-up: process start to first HTTP 200 on /healthz',
  async run(ctx) {
    const sim = await startSimulator({ seed: 1 });
    try {
      const env = {
        IPET_LLM_BASE_URL: sim.url,
        IPET_LLM_MODEL: 'ipet-sim',
        IPET_EMBED_MODEL: 'ipet-sim-embed',
      };
      const cold = ctx.quick ? 1 : 2;
      const warm = ctx.quick ? 1 : 3;
      const scenarios: Scenario[] = [];
      const cliLoad = ctx.quick ? [] : await cliBaseline(ctx, warm);
      // A smoke run skips the embedded store's cold start (tens of seconds on a busy machine).
      const kinds = ctx.quick ? storeKinds(ctx.postgresUrl).slice(-1) : storeKinds(ctx.postgresUrl);
      for (const kind of kinds) {
        const commands: Array<'up' | 'serve'> = kind === 'pglite' && !ctx.quick ? ['up', 'serve'] : ['serve'];
        for (const command of commands) {
          ctx.log(`startup: ipet ${command} on ${kind}`);
          const scenario: Scenario = {
            name: `ipet ${command}`,
            kind,
            command,
            cold: [],
            warm: [],
            load: load(),
          };
          for (let i = 0; i < cold; i++) {
            await withScratch(kind, ctx.postgresUrl, async (scratch) => {
              scenario.cold.push(await startOnce(ctx, command, { ...env, ...scratch.env }));
              if (i === 0) await warmStarts(ctx, scenario, scratch, env, warm);
            });
          }
          scenarios.push(scenario);
        }
      }
      return report(scenarios, cliLoad);
    } finally {
      await sim.close();
    }
  },
};

async function warmStarts(
  ctx: BenchContext,
  scenario: Scenario,
  scratch: Scratch,
  env: Record<string, string>,
  count: number,
): Promise<void> {
  for (let j = 0; j < count; j++)
    scenario.warm.push(await startOnce(ctx, scenario.command, { ...env, ...scratch.env }));
}

/** One start: spawn, poll /healthz every 10 ms until it answers 200, then stop the process (SIGTERM). */
async function startOnce(
  ctx: BenchContext,
  command: 'up' | 'serve',
  env: Record<string, string>,
): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  const proc = spawnIpet(ctx.root, [command, '--port', String(port)], env);
  let listeningMs = Number.NaN;
  const listening = proc
    .waitForLine(/listening on/, HEALTH_TIMEOUT_MS)
    .then(() => {
      listeningMs = performance.now() - started;
    })
    .catch(() => {});
  try {
    for (;;) {
      if (performance.now() - started > HEALTH_TIMEOUT_MS) {
        throw new Error(`ipet ${command}: /healthz not 200 within ${HEALTH_TIMEOUT_MS} ms: ${proc.stderr()}`);
      }
      if (proc.child.exitCode !== null) throw new Error(`ipet ${command} exited: ${proc.stderr()}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      await sleep(10);
    }
    const healthMs = performance.now() - started;
    await listening;
    return { healthMs, listeningMs };
  } finally {
    await proc.stop();
  }
}

/** What loading the CLI alone costs (process start, tsx compiling the sources): `ipet --help`. */
async function cliBaseline(ctx: BenchContext, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const proc = spawnIpet(ctx.root, ['--help'], {});
    await new Promise((resolve) => proc.child.once('exit', resolve));
    times.push(performance.now() - started);
  }
  return times;
}

function report(scenarios: Scenario[], cliLoad: number[]): BenchOutput {
  const row = (label: string, s: Scenario, starts: Start[]) => {
    const health = summarise(starts.map((x) => x.healthMs));
    const listening = summarise(starts.map((x) => x.listeningMs));
    return [
      `${s.name} on ${s.kind}, ${label}`,
      String(starts.length),
      fmt(health.p50, 0),
      fmt(health.max, 0),
      fmt(listening.p50, 0),
      loadText(s.load),
    ];
  };
  const cli = summarise(cliLoad);
  const table: Table = {
    title:
      'Start-up time (ms from spawning `node bin/ipet.js ...` to the first 200 from /healthz, polled every 10 ms)',
    columns: ['scenario', 'runs', 'median ms', 'max ms', 'median ms to "listening" line', 'load at start'],
    rows: [
      ...scenarios.flatMap((s) => [
        row('cold (new store)', s, s.cold),
        row('warm (existing store)', s, s.warm),
      ]),
      [
        'reference: `ipet --help` (process start + loading the CLI)',
        String(cli.n),
        fmt(cli.p50, 0),
        fmt(cli.max, 0),
        '-',
        '-',
      ],
    ],
  };
  return {
    tables: [table],
    goals: [],
    notes: [
      'Cold: a fresh IPET_DATA_DIR (PGlite: the database is created and migrated) or a fresh PostgreSQL ' +
        'database (migrations applied); warm: the same store again. tsx compiles the TypeScript sources on ' +
        'load (its on-disk cache stays warm across runs), which the `ipet --help` row isolates.',
      '`ipet up` serves the built web app from dist/web (built beforehand; a missing build would be built on ' +
        'the first start). No goal was set for start-up.',
    ],
    data: { scenarios, cliLoad },
  };
}
