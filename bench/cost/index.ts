import type { Runtime } from '../../src/app/index.ts';
import { dayDeps, extractionDeps, friendPoolDeps } from '../../src/app/index.ts';
import type { ModelPurpose } from '../../src/core/entities.ts';
import { addDays, localDate } from '../../src/core/time.ts';
import { closeAndExtract } from '../../src/memory/index.ts';
import type { SimHandle } from '../../src/sim/index.ts';
import { dayFor, ensureFriendPool } from '../../src/world/index.ts';
import { timedTurn } from '../chat/turns.ts';
import { load, loadText } from '../lib/machine.ts';
import { userMessage } from '../lib/memory-texts.ts';
import {
  addMemories,
  type BenchClock,
  benchChatDeps,
  createPair,
  type Pair,
  TURN_GAP_MS,
} from '../lib/pair-fixture.ts';
import type { Bench, BenchOutput, Table } from '../lib/report.ts';
import { createRng, type Rng } from '../lib/rng.ts';
import { measuredUsage, type UsageDelta, withSimRuntime } from '../lib/sim-runtime.ts';
import { fmt } from '../lib/stats.ts';

const METHODS = ['world-sim', 'no-outline', 'direct'] as const;
const TURNS_PER_SESSION = 8;
/** Between two sessions of the pair: well past the 30-minute idle gap. */
const SESSION_GAP_MS = 3 * 3_600_000;

interface UnitCost {
  unit: string;
  samples: number;
  usage: UsageDelta;
}

/** Figure 6: model calls and tokens per chat turn, per extracted session, per world day (by method). */
export const costBench: Bench = {
  id: 'cost',
  title: 'Cost per active pair-day: model calls and tokens by activity',
  async run(ctx) {
    return withSimRuntime(ctx, 'pglite', { capacity: 16, seed: 9 }, async (rt, sim, clock) => {
      const rng = createRng(13);
      const pair = await createPair(rt, 0);
      await addMemories(rt, pair, 1_000, rng);
      const loadAtStart = load();
      const units: UnitCost[] = [];

      ctx.log('cost: friend pool (once per installation)');
      const [, pool] = await measuredUsage(rt, () => ensureFriendPool(friendPoolDeps(rt), 'en'));
      units.push({ unit: 'friend pool of 30 (once per installation)', samples: 1, usage: pool });

      const days = ctx.quick ? 1 : 3;
      const today = localDate(rt.clock.now(), pair.user.timezone);
      for (const method of METHODS) {
        ctx.log(`cost: ${days} world day(s) with ${method}`);
        const [, usage] = await measuredUsage(rt, async () => {
          for (let d = 0; d < days; d++) {
            await dayFor(dayDeps(rt), { ...pair, date: addDays(today, d), method, force: true });
          }
        });
        units.push({ unit: `world day, ${method}`, samples: days, usage });
      }

      const sessions = ctx.quick ? 2 : 5;
      ctx.log(`cost: ${sessions} sessions of ${TURNS_PER_SESSION} turns, each extracted`);
      const turns: UsageDelta[] = [];
      const extractions: UsageDelta[] = [];
      for (let s = 0; s < sessions; s++) {
        turns.push(await chatSession(rt, sim, clock, pair, rng));
        extractions.push(await extract(rt, pair));
        clock.advance(SESSION_GAP_MS);
      }
      units.push({
        unit: 'chat turn',
        samples: sessions * TURNS_PER_SESSION,
        usage: sum(turns),
      });
      units.push({
        unit: `memory extraction of a ${TURNS_PER_SESSION}-turn session`,
        samples: sessions,
        usage: sum(extractions),
      });
      return report(units, loadAtStart);
    });
  },
};

async function chatSession(
  rt: Runtime,
  sim: SimHandle,
  clock: BenchClock,
  pair: Pair,
  rng: Rng,
): Promise<UsageDelta> {
  const deps = benchChatDeps(rt);
  const [, usage] = await measuredUsage(rt, async () => {
    for (let i = 0; i < TURNS_PER_SESSION; i++) {
      await timedTurn(deps, sim, { userId: pair.user.id, petId: pair.pet.id, text: userMessage(rng) });
      clock.advance(TURN_GAP_MS);
    }
  });
  return usage;
}

async function extract(rt: Runtime, pair: Pair): Promise<UsageDelta> {
  const [result, usage] = await measuredUsage(rt, () =>
    closeAndExtract(extractionDeps(rt), {
      userId: pair.user.id,
      petId: pair.pet.id,
      idleMinutes: rt.config.sessionIdleMinutes,
      now: rt.clock.now(),
      force: true,
    }),
  );
  if (result.sessions !== 1) throw new Error(`expected one extracted session, got ${result.sessions}`);
  return usage;
}

function sum(deltas: UsageDelta[]): UsageDelta {
  const out: UsageDelta = {};
  for (const delta of deltas) {
    for (const [purpose, c] of Object.entries(delta) as Array<
      [ModelPurpose, NonNullable<UsageDelta[ModelPurpose]>]
    >) {
      const t = out[purpose] ?? {
        calls: 0,
        failures: 0,
        inputTokens: 0,
        outputTokens: 0,
        cachedInputTokens: 0,
        totalLatencyMs: 0,
      };
      t.calls += c.calls;
      t.failures += c.failures;
      t.inputTokens += c.inputTokens;
      t.outputTokens += c.outputTokens;
      t.cachedInputTokens += c.cachedInputTokens;
      t.totalLatencyMs += c.totalLatencyMs;
      out[purpose] = t;
    }
  }
  return out;
}

/** Per-unit means: calls by purpose, and token totals over every purpose. */
function perUnit(u: UnitCost) {
  const entries = Object.entries(u.usage) as Array<[ModelPurpose, NonNullable<UsageDelta[ModelPurpose]>]>;
  const total = (pick: (c: NonNullable<UsageDelta[ModelPurpose]>) => number) =>
    entries.reduce((s, [, c]) => s + pick(c), 0) / u.samples;
  return {
    calls: entries.map(([p, c]) => `${p} ${fmt(c.calls / u.samples, 1)}`).join(', '),
    callCount: total((c) => c.calls),
    input: total((c) => c.inputTokens),
    output: total((c) => c.outputTokens),
    cached: total((c) => c.cachedInputTokens),
    failures: total((c) => c.failures),
  };
}

/** An illustrative active pair-day, composed from the measured unit costs (the mix is an assumption). */
const PAIR_DAY: ReadonlyArray<[string, number]> = [
  ['world day, world-sim', 1],
  ['chat turn', 2 * TURNS_PER_SESSION],
  [`memory extraction of a ${TURNS_PER_SESSION}-turn session`, 2],
];

function report(units: UnitCost[], loadAtStart: number[]): BenchOutput {
  const measured: Table = {
    title: `Model usage per unit of activity (against the simulator; load ${loadText(loadAtStart)})`,
    columns: [
      'unit',
      'samples',
      'model calls per unit (by purpose)',
      'input tokens',
      'output tokens',
      'cached input tokens',
      'failed calls',
    ],
    rows: units.map((u) => {
      const c = perUnit(u);
      return [
        u.unit,
        String(u.samples),
        c.calls,
        fmt(c.input, 0),
        fmt(c.output, 0),
        fmt(c.cached, 0),
        fmt(c.failures, 1),
      ];
    }),
  };
  let calls = 0;
  let input = 0;
  let output = 0;
  let cached = 0;
  const rows = PAIR_DAY.map(([name, count]) => {
    const unit = units.find((u) => u.unit === name);
    if (!unit) return [name, String(count), '-', '-', '-', '-'];
    const c = perUnit(unit);
    calls += c.callCount * count;
    input += c.input * count;
    output += c.output * count;
    cached += c.cached * count;
    return [
      name,
      String(count),
      fmt(c.callCount * count, 0),
      fmt(c.input * count, 0),
      fmt(c.output * count, 0),
      fmt(c.cached * count, 0),
    ];
  });
  const day: Table = {
    title:
      'An active pair-day, composed from the units above: one world-sim day, two sessions of ' +
      `${TURNS_PER_SESSION} turns, both extracted (the mix is an assumption, the unit costs are measured)`,
    columns: ['activity', 'count', 'model calls', 'input tokens', 'output tokens', 'cached input tokens'],
    rows: [...rows, ['total', '', fmt(calls, 0), fmt(input, 0), fmt(output, 0), fmt(cached, 0)]],
  };
  return {
    tables: [measured, day],
    goals: [],
    notes: [
      'Token counts are the simulator’s estimates (about 4 characters per token) as reported in its usage ' +
        'fields, not a real tokenizer’s; replies are filler of the simulator’s length, so output tokens are ' +
        'indicative only. Embedding calls count their input tokens.',
      'Per-turn chat usage includes the query embedding and, when a crisis pattern matches, the classifier ' +
        'call. World days include retries of invalid structured output (none expected from the simulator).',
    ],
    data: units,
  };
}
