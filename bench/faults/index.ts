import { existsSync } from 'node:fs';
import type { Bench, BenchOutput, GoalCheck, Table } from '../lib/report.ts';
import { postgresBinDir } from './cluster.ts';
import { DEFAULT_FAULT_LOAD, type FaultLoadOptions, type FaultLoadResult, runFaultLoad } from './run.ts';

/**
 * `npm run bench -- faults [--turns N] [--users N] [--clients N] [--servers N] [--fail-rate X]`: the fault-and-
 * load run (run.ts) as a sub-benchmark, on a private PostgreSQL cluster (initdb) when the server programs are
 * installed, else on a throw-away database of `--postgres-url` without the PostgreSQL restart. The standalone
 * form with every option is `npx tsx bench/faults/main.ts --help`. Figures: RELIABILITY.md.
 */
export function faultsBench(options: Record<string, number>): Bench {
  return {
    id: 'faults',
    title: 'Faults and load: ipet serve x3 + worker on PostgreSQL, injected model faults, kills, fuzz',
    async run(ctx) {
      const privateCluster = hasInitdb();
      if (!privateCluster && !ctx.postgresUrl)
        throw new Error('needs PostgreSQL (initdb, or --postgres-url)');
      const quick = ctx.quick;
      const result = await runFaultLoad({
        root: ctx.root,
        turns: options.turns ?? (quick ? 100 : DEFAULT_FAULT_LOAD.turns),
        users: options.users ?? (quick ? 10 : DEFAULT_FAULT_LOAD.users),
        clients: options.clients ?? (quick ? 8 : DEFAULT_FAULT_LOAD.clients),
        servers: options.servers ?? DEFAULT_FAULT_LOAD.servers,
        failRate: options['fail-rate'] ?? DEFAULT_FAULT_LOAD.failRate,
        seed: options.seed ?? DEFAULT_FAULT_LOAD.seed,
        postgresUrl: privateCluster ? null : ctx.postgresUrl,
        chaos: { serverKill: true, workerKill: true, postgresRestart: privateCluster, fuzz: !quick },
        turnDeadlineMs: DEFAULT_FAULT_LOAD.turnDeadlineMs,
        log: ctx.log,
      });
      return faultLoadOutput(result);
    },
  };
}

export function hasInitdb(): boolean {
  try {
    return existsSync(`${postgresBinDir()}/initdb`);
  } catch {
    return false;
  }
}

const s = (ms: number | null) => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);
const n = (v: number | null) => (v === null ? '-' : String(v));

/** Tables, goals and notes of one run (the JSON keeps everything). */
export function faultLoadOutput(r: FaultLoadResult): BenchOutput {
  const tables: Table[] = [
    {
      title: 'Load',
      columns: [
        'turns',
        'answered',
        'gave up',
        'attempts',
        'retried turns',
        'p50',
        'p99',
        'max',
        'load time',
      ],
      rows: [
        [
          String(r.turns.sent),
          String(r.turns.answered),
          String(r.turns.gaveUp),
          String(r.turns.attempts),
          String(r.turns.retried),
          s(r.turns.latencyP50Ms),
          s(r.turns.latencyP99Ms),
          s(r.turns.maxMs),
          `${r.loadSeconds} s`,
        ],
      ],
    },
    {
      title: 'Checks on the database',
      columns: [
        'lost',
        'duplicated',
        'pending at end',
        'stuck (after lease + sweep)',
        'user messages',
        'replies',
      ],
      rows: [
        [
          String(r.checks.lost),
          String(r.checks.duplicated),
          String(r.checks.stuckPendingAtEnd),
          String(r.checks.stuck),
          String(r.checks.userMessages),
          Object.entries(r.checks.replies)
            .map(([k, v]) => `${k} ${v}`)
            .join(', '),
        ],
      ],
    },
    {
      title: 'Answers',
      columns: [
        'chat statuses',
        'stream errors',
        'network errors',
        '5xx overall',
        'fuzz requests (operations)',
        'fuzz 5xx',
        'fuzz problems',
      ],
      rows: [
        [
          Object.entries(r.statuses)
            .map(([k, v]) => `${k}: ${v}`)
            .join(', '),
          Object.entries(r.streamErrors)
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ') || '-',
          String(r.networkErrors),
          String(r.fivexxOverall + (r.fuzz?.fivexx ?? 0)),
          r.fuzz ? `${r.fuzz.requests} (${r.fuzz.operations})` : '-',
          n(r.fuzz?.fivexx ?? null),
          r.fuzz
            ? `${r.fuzz.problems}${
                r.fuzz.problems > 0
                  ? ` (${Object.entries(r.fuzz.problemKinds)
                      .map(([k, v]) => `${k} ${v}`)
                      .join(', ')})`
                  : ''
              }`
            : '-',
        ],
      ],
    },
    {
      title: 'Chaos and recovery',
      columns: [
        'event',
        'at',
        'action took',
        'next successful turn',
        'turns in flight',
        'all of them answered after',
      ],
      rows: r.chaos.map((e) => [
        e.name,
        `${e.at} s`,
        s(e.actionMs),
        s(e.nextSuccessMs),
        String(e.inFlight),
        e.inFlight === 0 ? '-' : s(e.inFlightRecoveredMs),
      ]),
    },
    {
      title: 'Processes (leaks: after setup -> after the load, idle)',
      columns: ['process', 'fds', 'sockets', 'RSS MiB', 'SIGTERM exit'],
      rows: r.processes.map((p) => [
        p.role,
        `${n(p.fdsBefore)} -> ${n(p.fdsAfter)}`,
        `${n(p.socketsBefore)} -> ${n(p.socketsAfter)}`,
        `${n(p.rssBeforeMiB)} -> ${n(p.rssAfterMiB)}`,
        p.exitSeconds === null
          ? p.exitCode === 137
            ? 'killed (-9)'
            : '-'
          : `${p.exitCode} in ${p.exitSeconds} s`,
      ]),
    },
  ];
  const goals: GoalCheck[] = [
    { goal: '0 lost turns', measured: String(r.checks.lost), met: r.checks.lost === 0 },
    { goal: '0 duplicated turns', measured: String(r.checks.duplicated), met: r.checks.duplicated === 0 },
    { goal: '0 stuck turns', measured: String(r.checks.stuck), met: r.checks.stuck === 0 },
    {
      goal: '0 5xx on malformed input',
      measured: r.fuzz ? `${r.fuzz.fivexx} of ${r.fuzz.requests}` : 'not run',
      met: r.fuzz ? r.fuzz.fivexx === 0 : null,
    },
    {
      goal: 'every turn answered in the end',
      measured: `${r.turns.answered} of ${r.turns.sent}`,
      met: r.turns.gaveUp === 0,
    },
    {
      goal: 'no DB connections left after stop',
      measured: String(r.db.connectionsAfterStop),
      met: r.db.connectionsAfterStop === 0,
    },
  ];
  const notes = [
    `PostgreSQL: ${r.postgres}; ${r.options.servers} ipet serve + 1 ipet worker; simulator fail rate ${r.options.failRate} (faults injected: ${Object.entries(
      r.sim.faults,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; ${r.sim.requests} model requests)`,
    `DB connections of the run's database: ${r.db.connectionsIdle} with every process idle, ${r.db.connectionsAfterStop} after they stopped`,
    ...r.checks.lostDetail.map((d) => `lost: ${d}`),
    ...r.checks.duplicatedDetail.map((d) => `duplicated: ${d}`),
    ...(r.fuzz?.sample ?? []).map((d) => `fuzz: ${d}`),
  ];
  return { tables, goals, notes, data: r };
}

export type { FaultLoadOptions };
