import { setTimeout as sleep } from 'node:timers/promises';
import { load, loadText } from '../lib/machine.ts';
import { userMessage } from '../lib/memory-texts.ts';
import { freePort, type IpetProcess, memoryOf, spawnIpet } from '../lib/process.ts';
import type { Bench, BenchContext, BenchOutput, GoalCheck, Table } from '../lib/report.ts';
import { createRng } from '../lib/rng.ts';
import { fmt, summarise } from '../lib/stats.ts';
import { type Scratch, type StoreKind, storeKinds, withScratch } from '../lib/stores.ts';
import { type Account, createAccounts } from './api.ts';
import { lateness, type StreamRecord, streamOnce } from './sse-client.ts';

const TOKENS_PER_SECOND = 20;
const PACING_MS = 1000 / TOKENS_PER_SECOND;
const ADMIN_KEY = 'bench-operator-key-0123456789';
const GOAL_FIRST_TOKEN_MS = 1000;
const GOAL_EXTRA_GAP_MS = 5;

interface Level {
  streams: number;
  direct: LevelStats;
  server: LevelStats & { rssBeforeMiB: number; rssPeakMiB: number; failures: Record<string, number> };
  simMaxActive: number;
  load: [number, number, number];
}

interface LevelStats {
  completed: number;
  dropped: number;
  firstContent: ReturnType<typeof summarise>;
  extraGap: ReturnType<typeof summarise>;
  duration: ReturnType<typeof summarise>;
}

interface StoreRun {
  kind: StoreKind;
  accountsSeconds: number;
  levels: Level[];
}

/**
 * Figure 5: N concurrent chats streamed over SSE by one `ipet serve` process, the simulator (its own process)
 * pacing replies at 20 tokens/s. All traffic stays on 127.0.0.1; every level is bounded in time.
 */
export const streamingBench: Bench = {
  id: 'streaming',
  title: 'Streaming at load: concurrent SSE chats against one server process',
  async run(ctx) {
    const levels = ctx.quick ? [20] : [100, 300, 1000];
    // One server process on each store: PGlite, and PostgreSQL when a server is configured.
    const runs: StoreRun[] = [];
    for (const kind of storeKinds(ctx.postgresUrl)) {
      runs.push(await withScratch(kind, ctx.postgresUrl, (scratch) => measureStore(ctx, scratch, levels)));
    }
    return report(runs);
  },
};

async function measureStore(ctx: BenchContext, scratch: Scratch, levels: number[]): Promise<StoreRun> {
  const maxStreams = Math.max(...levels);
  const sim = spawnIpet(ctx.root, simArgs(maxStreams), {});
  let server: IpetProcess | null = null;
  try {
    const simPort = Number((await sim.waitForLine(/^LISTENING (\d+)/, 120_000))[1]);
    const port = await freePort();
    server = spawnIpet(ctx.root, ['serve', '--port', String(port)], {
      ...scratch.env,
      IPET_LLM_BASE_URL: `http://127.0.0.1:${simPort}/v1`,
      IPET_LLM_MODEL: 'ipet-sim',
      IPET_EMBED_MODEL: 'ipet-sim-embed',
      IPET_ADMIN_KEY: ADMIN_KEY,
      // The model client's concurrency limit must not queue the streams: the simulator serves them all.
      IPET_LLM_CONCURRENCY: String(maxStreams * 2),
      IPET_LOG_LEVEL: 'error',
    });
    await server.waitForLine(/listening on/, 180_000);
    ctx.log(`streaming on ${scratch.kind}: creating ${maxStreams} users with a pet each`);
    const t0 = performance.now();
    const accounts = await createAccounts(port, ADMIN_KEY, maxStreams);
    const accountsSeconds = (performance.now() - t0) / 1000;
    const rng = createRng(17);
    const results: Level[] = [];
    for (const n of levels) {
      ctx.log(`streaming on ${scratch.kind}: ${n} concurrent streams`);
      results.push(await level(n, accounts.slice(0, n), { port, simPort, pid: server.pid }, rng));
      await sleep(2000);
    }
    return { kind: scratch.kind, accountsSeconds, levels: results };
  } finally {
    await server?.stop();
    await sim.stop();
  }
}

function simArgs(streams: number): string[] {
  return [
    'sim',
    '--port',
    '0',
    '--tokens-per-second',
    String(TOKENS_PER_SECOND),
    '--capacity',
    String(streams * 4),
    '--seed',
    '3',
  ];
}

async function level(
  n: number,
  accounts: Account[],
  where: { port: number; simPort: number; pid: number },
  rng: ReturnType<typeof createRng>,
): Promise<Level> {
  const timeoutMs = 120_000 + n * 60;
  const loadAtStart = load();
  // Baseline: the same number of streams straight to the simulator (its pacing and this client's lateness).
  const direct = await Promise.all(
    accounts.map(() =>
      streamOnce({
        port: where.simPort,
        path: '/v1/chat/completions',
        format: 'openai',
        timeoutMs,
        body: {
          model: 'ipet-sim',
          stream: true,
          messages: [
            { role: 'system', content: 'You are Mochi, a curious cat. '.repeat(200) },
            { role: 'user', content: userMessage(rng) },
          ],
        },
      }),
    ),
  );
  await sleep(1000);
  const rssBefore = (await memoryOf(where.pid))?.rssMiB ?? Number.NaN;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    void memoryOf(where.pid).then((m) => {
      if (m) rssPeak = Math.max(rssPeak, m.rssMiB);
    });
  }, 250);
  const server = await Promise.all(
    accounts.map((a) =>
      streamOnce({
        port: where.port,
        path: `/api/v1/pets/${a.petId}/chat`,
        token: a.token,
        format: 'ipet',
        timeoutMs,
        body: { text: userMessage(rng) },
      }),
    ),
  ).finally(() => clearInterval(sampler));
  const stats = (await (await fetch(`http://127.0.0.1:${where.simPort}/sim/stats`)).json()) as {
    maxActive: number;
  };
  const failures: Record<string, number> = {};
  for (const r of server)
    if (!r.completed) failures[r.failure ?? '?'] = (failures[r.failure ?? '?'] ?? 0) + 1;
  return {
    streams: n,
    direct: levelStats(direct),
    server: { ...levelStats(server), rssBeforeMiB: rssBefore, rssPeakMiB: rssPeak, failures },
    simMaxActive: stats.maxActive,
    load: loadAtStart,
  };
}

function levelStats(records: StreamRecord[]): LevelStats {
  const completed = records.filter((r) => r.completed).length;
  return {
    completed,
    dropped: records.length - completed,
    firstContent: summarise(records.filter((r) => r.completed).map((r) => r.firstContentMs)),
    extraGap: summarise(lateness(records, PACING_MS)),
    duration: summarise(records.filter((r) => r.completed).map((r) => r.durationMs)),
  };
}

function report(runs: StoreRun[]): BenchOutput {
  const tables: Table[] = runs.map((run) => ({
    title:
      `Concurrent SSE chats through one \`ipet serve\` on ${run.kind} (simulator in its own process at ` +
      `${TOKENS_PER_SECOND} tokens/s = one token per ${PACING_MS} ms; "direct" = the same number of streams ` +
      'straight to the simulator)',
    columns: [
      'streams',
      'dropped (server)',
      'dropped (direct)',
      'extra ms per token p50 / p99 (server)',
      'extra ms per token p50 / p99 (direct)',
      'first token ms p50 / p99 (server)',
      'first token ms p50 / p99 (direct)',
      'server RSS MiB before / peak',
      'load at start',
    ],
    rows: run.levels.map((l) => [
      String(l.streams),
      `${l.server.dropped}${
        l.server.dropped
          ? ` (${Object.entries(l.server.failures)
              .map(([k, v]) => `${v} ${k}`)
              .join(', ')})`
          : ''
      }`,
      String(l.direct.dropped),
      `${fmt(l.server.extraGap.p50)} / ${fmt(l.server.extraGap.p99)}`,
      `${fmt(l.direct.extraGap.p50)} / ${fmt(l.direct.extraGap.p99)}`,
      `${fmt(l.server.firstContent.p50, 0)} / ${fmt(l.server.firstContent.p99, 0)}`,
      `${fmt(l.direct.firstContent.p50, 0)} / ${fmt(l.direct.firstContent.p99, 0)}`,
      `${fmt(l.server.rssBeforeMiB, 0)} / ${fmt(l.server.rssPeakMiB, 0)}`,
      loadText(l.load),
    ]),
  }));
  const goals: GoalCheck[] = runs.flatMap((run) => {
    const top = run.levels.at(-1)!;
    const full = top.streams >= 1000;
    return [
      {
        goal: `0 dropped streams at 1,000 concurrent (${run.kind})`,
        measured: `${top.server.dropped} dropped of ${top.streams}`,
        met: full ? top.server.dropped === 0 : null,
      },
      {
        goal: `first token p50 <= ${GOAL_FIRST_TOKEN_MS} ms at 1,000 concurrent (${run.kind})`,
        measured: `${fmt(top.server.firstContent.p50, 0)} ms at ${top.streams}`,
        met: full ? top.server.firstContent.p50 <= GOAL_FIRST_TOKEN_MS : null,
      },
      {
        goal: `added latency per token p99 <= ${GOAL_EXTRA_GAP_MS} ms at 1,000 concurrent (${run.kind})`,
        measured: `${fmt(top.server.extraGap.p99)} ms at ${top.streams} (direct to the simulator: ${fmt(top.direct.extraGap.p99)} ms)`,
        met: full ? top.server.extraGap.p99 <= GOAL_EXTRA_GAP_MS : null,
      },
    ];
  });
  return {
    tables,
    goals,
    notes: [
      'Each stream is a different user (created through the API with the operator key) chatting with their ' +
        'own pet, on its own connection. Dropped = no `finish` part (an `error` part, a non-200 answer, a ' +
        'socket error, or no end within the level’s time limit).',
      'Extra ms per token = how much later than the simulator’s pacing (one 4-character token per ' +
        `${PACING_MS} ms) each text-delta event arrives, measured from the stream’s best-paced event; ` +
        'first token = from sending the request to the first text-delta (the turn’s store work, retrieval ' +
        'and the embedding call happen before it). The "direct" columns show the simulator’s and this ' +
        'client’s own share on the same machine.',
      `IPET_LLM_CONCURRENCY is raised to twice the streams so that ipet’s model client does not queue them; ` +
        'the simulator’s capacity is four times the streams.',
    ],
    data: runs,
  };
}
