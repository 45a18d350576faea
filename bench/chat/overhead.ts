import type { Runtime } from '../../src/app/index.ts';
import type { Store } from '../../src/core/ports/index.ts';
import type { ChatDeps } from '../../src/dialogue/index.ts';
import type { SimHandle } from '../../src/sim/index.ts';
import { countRoundTrips } from '../../src/store/testing.ts';
import { type CallTotals, instrumentStore } from '../lib/instrument.ts';
import { load, loadText } from '../lib/machine.ts';
import { userMessage } from '../lib/memory-texts.ts';
import {
  addDay,
  addMemories,
  type BenchClock,
  benchChatDeps,
  createPair,
  type Pair,
  TURN_GAP_MS,
} from '../lib/pair-fixture.ts';
import type { Bench, BenchContext, BenchOutput, GoalCheck, Table } from '../lib/report.ts';
import { createRng, type Rng } from '../lib/rng.ts';
import { withSimRuntime } from '../lib/sim-runtime.ts';
import { fmt, type Summary, summarise } from '../lib/stats.ts';
import { type StoreKind, storeKinds } from '../lib/stores.ts';
import { bareRequests, type TurnSample, timedTurn } from './turns.ts';

const SIZES = [0, 1_000, 10_000];
/** A smoke run skips the slow 10k set-up. */
const QUICK_SIZES = [0, 1_000];
/** Issue 17's targets: turn overhead p99 at 10k memories, and store round trips before the model call. */
const GOAL_P99_MS: Record<StoreKind, number> = { postgres: 15, pglite: 30 };
const GOAL_ROUND_TRIPS = 6;

interface SizeResult {
  memories: number;
  overhead: Summary;
  wall: Summary;
  cpu: Summary;
  simBusy: Summary;
  requestsPerTurn: number;
  memoriesInPrompt: number;
  promptTokens: number;
}

interface StoreResult {
  kind: StoreKind;
  turns: number;
  warmup: number;
  sizes: SizeResult[];
  /** Store calls per turn at the largest size, from a separate instrumented run. */
  breakdown: {
    turns: number;
    overheadMs: number;
    methods: Array<{ method: string } & CallTotals>;
    /** Statements the driver sent per turn (real round trips): before the model call, and in all. */
    roundTrips: { beforeModel: number; maxBeforeModel: number; total: number };
  };
  bare: Summary;
  bareCpu: Summary;
  load: [number, number, number];
  loadAfter: [number, number, number];
}

/** Figure 1: what a chat turn costs in ipet itself, with the model's time taken out. */
export const chatOverheadBench: Bench = {
  id: 'chat',
  title: 'Chat turn overhead (wall time minus the simulator’s service time)',
  async run(ctx) {
    const results: StoreResult[] = [];
    // A smoke run covers the embedded store only.
    const kinds = ctx.quick ? storeKinds(null) : storeKinds(ctx.postgresUrl);
    for (const kind of kinds) {
      const zeroLatency = { latencyMs: 0, tokensPerSecond: 0, capacity: 16, seed: 5 };
      results.push(
        await withSimRuntime(ctx, kind, zeroLatency, (rt, sim, clock) => measure(ctx, kind, rt, sim, clock)),
      );
    }
    return report(results);
  },
};

async function measure(
  ctx: BenchContext,
  kind: StoreKind,
  rt: Runtime,
  sim: SimHandle,
  clock: BenchClock,
): Promise<StoreResult> {
  const rng = createRng(11);
  const pairs: Array<{ pair: Pair; memories: number; samples: TurnSample[] }> = [];
  for (const [i, memories] of (ctx.quick ? QUICK_SIZES : SIZES).entries()) {
    ctx.log(`chat on ${kind}: pair with ${memories.toLocaleString('en')} memories and a world day`);
    const pair = await createPair(rt, i);
    await addMemories(rt, pair, memories, rng);
    await addDay(rt, pair);
    pairs.push({ pair, memories, samples: [] });
  }
  const deps = benchChatDeps(rt);
  const warmup = ctx.quick ? 3 : 10;
  const turns = ctx.quick ? 10 : 200;
  const bare: number[] = [];
  const bareCpu: number[] = [];
  const loadAtStart = load();
  for (let round = 0; round < warmup + turns; round++) {
    // Round-robin over the pairs (rotated), so that load changes on the shared machine hit all sizes alike.
    for (let j = 0; j < pairs.length; j++) {
      const p = pairs[(round + j) % pairs.length]!;
      const text = userMessage(rng);
      const sample = await timedTurn(deps, sim, { userId: p.pair.user.id, petId: p.pair.pet.id, text });
      if (round >= warmup) p.samples.push(sample);
      clock.advance(TURN_GAP_MS / pairs.length);
    }
    const last = pairs[0]!.samples.at(-1);
    const promptChars = (last?.context?.tokens.total ?? 2000) * 4;
    const floor = await bareRequests(sim, promptChars, userMessage(rng));
    if (round >= warmup) {
      bare.push(floor.overheadMs);
      bareCpu.push(floor.cpuMs);
    }
  }
  ctx.log(`  ${turns} turns per pair measured (load ${loadText(loadAtStart)} -> ${loadText()})`);
  const loadAfter = load();
  const breakdown = await storeBreakdown(
    { deps, sim, store: rt.store, clock },
    pairs.at(-1)!.pair,
    ctx.quick ? 10 : 40,
    rng,
  );
  return {
    kind,
    turns,
    warmup,
    bare: summarise(bare),
    bareCpu: summarise(bareCpu),
    load: loadAtStart,
    loadAfter,
    breakdown,
    sizes: pairs.map((p) => ({
      memories: p.memories,
      overhead: summarise(p.samples.map((s) => s.overheadMs)),
      wall: summarise(p.samples.map((s) => s.wallMs)),
      cpu: summarise(p.samples.map((s) => s.cpuMs)),
      simBusy: summarise(p.samples.map((s) => s.simBusyMs)),
      requestsPerTurn: mean(p.samples.map((s) => s.simRequests)),
      memoriesInPrompt: mean(p.samples.map((s) => s.context?.memories.length ?? 0)),
      promptTokens: mean(p.samples.map((s) => s.context?.tokens.total ?? 0)),
    })),
  };
}

/**
 * Where a turn's time goes: store calls per turn on one pair, with every repository method timed, and the
 * statements the database driver was sent (round trips), before the model call and in all.
 */
async function storeBreakdown(
  { deps, sim, store, clock }: { deps: ChatDeps; sim: SimHandle; store: Store; clock: BenchClock },
  pair: Pair,
  turns: number,
  rng: Rng,
): Promise<StoreResult['breakdown']> {
  const probe = instrumentStore(store);
  const counter = countRoundTrips(store);
  let overhead = 0;
  const before: number[] = [];
  let total = 0;
  // The model is called right after the turn's `context` part: the count then is the hot path's.
  try {
    for (let i = 0; i < turns; i++) {
      const text = userMessage(rng);
      counter.reset();
      let atContext = -1;
      const sample = await timedTurn(deps, sim, { userId: pair.user.id, petId: pair.pet.id, text }, () => {
        atContext = counter.count;
      });
      overhead += sample.overheadMs;
      before.push(atContext);
      total += counter.count;
      clock.advance(TURN_GAP_MS);
    }
  } finally {
    counter.restore();
    probe.restore();
  }
  const methods = [...probe.totals]
    .map(([method, t]) => ({ method, calls: t.calls / turns, ms: t.ms / turns }))
    .sort((a, b) => b.ms - a.ms);
  return {
    turns,
    overheadMs: overhead / turns,
    methods,
    roundTrips: { beforeModel: mean(before), maxBeforeModel: Math.max(...before), total: total / turns },
  };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

function report(results: StoreResult[]): BenchOutput {
  const tables: Table[] = results.map((r) => ({
    title:
      `Turn overhead on ${r.kind}: ${r.turns} turns per pair after ${r.warmup} warm-up rounds, zero-latency ` +
      'simulator ' +
      `in-process; load ${loadText(r.load)} at start, ${loadText(r.loadAfter)} at end`,
    columns: [
      'memories',
      'overhead p50 ms',
      'p95 ms',
      'p99 ms',
      'wall p50 ms',
      'CPU p50 ms',
      'simulator p50 ms',
      'sim requests/turn',
      'memories in prompt',
      'prompt tokens',
    ],
    rows: [
      ...r.sizes.map((s) => [
        s.memories.toLocaleString('en'),
        fmt(s.overhead.p50),
        fmt(s.overhead.p95),
        fmt(s.overhead.p99),
        fmt(s.wall.p50),
        fmt(s.cpu.p50),
        fmt(s.simBusy.p50),
        fmt(s.requestsPerTurn, 1),
        fmt(s.memoriesInPrompt, 1),
        fmt(s.promptTokens, 0),
      ]),
      [
        'floor: the same 2 requests by fetch',
        fmt(r.bare.p50),
        fmt(r.bare.p95),
        fmt(r.bare.p99),
        '-',
        fmt(r.bareCpu.p50),
        '-',
        '2',
        '-',
        '-',
      ],
    ],
  }));
  for (const r of results) {
    const total = r.breakdown.methods.reduce((sum, m) => sum + m.calls, 0);
    const trips = r.breakdown.roundTrips;
    tables.push({
      title:
        `Where the time goes on ${r.kind}, 10,000 memories: store calls per turn over ${r.breakdown.turns} ` +
        `instrumented turns (mean overhead ${fmt(r.breakdown.overheadMs)} ms; ${fmt(total, 1)} repository ` +
        `calls per turn; ${fmt(trips.beforeModel, 1)} store round trips before the model call (max ` +
        `${trips.maxBeforeModel}), ${fmt(trips.total, 1)} in the whole turn; concurrent calls each counted in full)`,
      columns: ['store method', 'calls/turn', 'ms/turn'],
      rows: r.breakdown.methods.map((m) => [m.method, fmt(m.calls, 1), fmt(m.ms, 2)]),
    });
  }
  const goals: GoalCheck[] = results.flatMap((r) => {
    const at10k = r.sizes.find((s) => s.memories === 10_000);
    const p99 = at10k?.overhead.p99 ?? Number.NaN;
    const trips = r.breakdown.roundTrips;
    return [
      {
        goal: `turn overhead p99 <= ${GOAL_P99_MS[r.kind]} ms at 10k memories (${r.kind})`,
        measured: `${fmt(p99)} ms (p50 ${fmt(at10k?.overhead.p50)} ms; load ${loadText(r.load)})`,
        met: Number.isNaN(p99) ? null : p99 <= GOAL_P99_MS[r.kind],
      },
      {
        goal: `store round trips per turn before the model call <= ${GOAL_ROUND_TRIPS} (${r.kind})`,
        measured: `${fmt(trips.beforeModel, 1)} mean, ${trips.maxBeforeModel} max (${fmt(trips.total, 1)} per whole turn)`,
        met: trips.maxBeforeModel <= GOAL_ROUND_TRIPS,
      },
    ];
  });
  return {
    tables,
    goals,
    notes: [
      'Overhead = wall time of chat() from the call to the finish part, minus the simulator’s busy ' +
        'slot-time for the turn (its /sim/stats busyMs). It includes HTTP to the simulator and the ' +
        'simulator’s request parsing outside its slot, which run in the same process; the floor row shows ' +
        'what those two requests cost alone.',
      'CPU = user + system time of the benchmark process during the turn: ipet, the in-process simulator, ' +
        'and on PGlite the embedded database; on PostgreSQL the server’s own CPU is not included. It is far ' +
        'less sensitive to the machine’s load than wall time.',
      'Memories and the world day are created through the runtime (simulator embeddings, world generation); ' +
        'one HNSW index covers all pairs. Chat wiring is the server’s (chatDeps: retrieval, day, safety with ' +
        'the chat model as classifier when a pattern matches), with a turn limiter that never refuses.',
      'The synthetic memories come from a small vocabulary (16 people x 24 events), so a message shares words ' +
        'with a large share of a pair’s memories: a heavy case for lexical search.',
    ],
    data: results,
  };
}
