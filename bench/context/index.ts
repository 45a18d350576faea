import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { Runtime } from '../../src/app/index.ts';
import { dayDeps } from '../../src/app/index.ts';
import { addDays, localDate } from '../../src/core/time.ts';
import type { TurnContext } from '../../src/dialogue/index.ts';
import type { SimHandle } from '../../src/sim/index.ts';
import { dayFor } from '../../src/world/index.ts';
import { timedTurn } from '../chat/turns.ts';
import { load, loadText } from '../lib/machine.ts';
import { userMessage } from '../lib/memory-texts.ts';
import {
  addDay,
  addMemories,
  benchChatDeps,
  createPair,
  type Pair,
  TURN_GAP_MS,
} from '../lib/pair-fixture.ts';
import { prefixShares, recordPrompts } from '../lib/prompt-prefix.ts';
import type { Bench, BenchOutput, GoalCheck, Table } from '../lib/report.ts';
import { createRng } from '../lib/rng.ts';
import { withSimRuntime } from '../lib/sim-runtime.ts';
import { fmt, pct } from '../lib/stats.ts';

const GOAL_SHARE = 0.7;
/** Issue 17: the chat prompt's byte-identical prefix with the previous turn's prompt. */
const GOAL_CHAT_PREFIX = 0.8;
const METHODS = ['world-sim', 'no-outline', 'direct'] as const;

/** Prompt sections grouped into the paper's components (section keys of src/dialogue/context/providers). */
const COMPONENTS: ReadonlyArray<[string, readonly string[]]> = [
  ['instructions + guardrails (I_R)', ['instructions', 'guardrails', 'safety-steering']],
  ['persona (P)', ['persona', 'persona-story']],
  ['user profile (U)', ['user-profile', 'minor-safety']],
  ['world day: outline + schedule (T1-T2)', ['outline', 'schedule']],
  ['world day: now + details (T2-T3)', ['now-doing', 'details']],
  ['memories (M)', ['memories']],
  ['time + mood', ['now', 'mood']],
  ['lore', ['lore']],
];

interface TurnRow {
  components: Record<string, number>;
  stableSections: Record<string, boolean>;
  stablePrefix: number;
  total: number;
  simPrompt: number;
  simCached: number;
}

interface WorldRow {
  method: string;
  days: number;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  sharedPrefixTokens: number;
  coldPrompt: number;
  coldCached: number;
  warmPrompt: number;
  warmCached: number;
}

/** Figure 3: prompt tokens per component, and how much of each prompt is a stable, cacheable prefix. */
export const contextSizeBench: Bench = {
  id: 'context',
  title: 'Context size per turn and per world day, and the share in a stable prefix',
  async run(ctx) {
    return withSimRuntime(ctx, 'pglite', { capacity: 16, seed: 3 }, async (rt, sim, clock) => {
      const rng = createRng(5);
      const pair = await createPair(rt, 0);
      ctx.log('context: a pair with 1,000 memories and a world day');
      await addMemories(rt, pair, 1_000, rng);
      await addDay(rt, pair);
      const turns = ctx.quick ? 12 : 40;
      const loadAtStart = load();
      const base = benchChatDeps(rt);
      const recorded = recordPrompts(base.model as LanguageModelV3);
      const deps = { ...base, model: recorded.model };
      const rows: TurnRow[] = [];
      for (let i = 0; i < turns; i++) {
        const sample = await timedTurn(deps, sim, {
          userId: pair.user.id,
          petId: pair.pet.id,
          text: userMessage(rng),
        });
        rows.push(turnRow(sample.context!, sample.promptTokens, sample.cachedTokens));
        clock.advance(TURN_GAP_MS);
      }
      ctx.log('context: world days by method');
      const world = [];
      for (const method of METHODS) world.push(await worldDays(rt, sim, pair, method, ctx.quick ? 1 : 3));
      return report(rows, world, loadAtStart, prefixShares(recorded.prompts));
    });
  },
};

function turnRow(context: TurnContext, simPrompt: number, simCached: number): TurnRow {
  const components: Record<string, number> = {};
  const stableSections: Record<string, boolean> = {};
  let sectionTokens = 0;
  for (const section of context.sections) {
    const name = COMPONENTS.find(([, keys]) => keys.includes(section.key))?.[0] ?? `other (${section.key})`;
    components[name] = (components[name] ?? 0) + section.tokens;
    stableSections[name] = section.stable;
    sectionTokens += section.tokens;
  }
  components['history (H)'] = context.tokens.history;
  components['user message'] = context.tokens.user;
  components['message framing'] =
    context.tokens.total - sectionTokens - context.tokens.history - context.tokens.user;
  return {
    components,
    stableSections,
    stablePrefix: context.tokens.stablePrefix,
    total: context.tokens.total,
    simPrompt,
    simCached,
  };
}

async function worldDays(
  rt: Runtime,
  sim: SimHandle,
  pair: Pair,
  method: (typeof METHODS)[number],
  days: number,
): Promise<WorldRow> {
  // A fresh prefix cache per method: its first day is cold, the next ones may reuse the earlier days.
  sim.reset();
  const row: WorldRow = {
    method,
    days,
    calls: 0,
    inputTokens: 0,
    outputTokens: 0,
    sharedPrefixTokens: 0,
    coldPrompt: 0,
    coldCached: 0,
    warmPrompt: 0,
    warmCached: 0,
  };
  const today = localDate(rt.clock.now(), pair.user.timezone);
  for (let d = 1; d <= days; d++) {
    const before = sim.stats().tokens;
    const day = await dayFor(dayDeps(rt), { ...pair, date: addDays(today, d), method, force: true });
    const after = sim.stats().tokens;
    row.calls += day.usage.calls;
    row.inputTokens += day.usage.inputTokens;
    row.outputTokens += day.usage.outputTokens;
    row.sharedPrefixTokens += day.usage.sharedPrefixTokens ?? 0;
    const prompt = after.prompt - before.prompt;
    const cached = after.cached - before.cached;
    if (d === 1) {
      row.coldPrompt += prompt;
      row.coldCached += cached;
    } else {
      row.warmPrompt += prompt;
      row.warmCached += cached;
    }
  }
  return row;
}

function report(rows: TurnRow[], world: WorldRow[], loadAtStart: number[], shares: number[]): BenchOutput {
  const meanOf = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
  // Turns 2-20 (the 20-turn conversation), and the turns after (the history window moves on).
  const first20 = meanOf(shares.slice(0, 19));
  const later = meanOf(shares.slice(19));
  const first = rows[0]!;
  // Steady state: the history has reached its 40-message window (after 20 turns) or the last 10 turns.
  const steady = rows.slice(Math.min(20, rows.length - 10));
  const avg = (pick: (r: TurnRow) => number) => steady.reduce((sum, r) => sum + pick(r), 0) / steady.length;
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.components)))];
  const steadyTotal = avg((r) => r.total);
  const steadyStable = avg((r) => r.stablePrefix);
  const simPrompt = steady.reduce((s, r) => s + r.simPrompt, 0);
  const simCached = steady.reduce((s, r) => s + r.simCached, 0);
  const stableOf = (name: string) => {
    const flag = first.stableSections[name] ?? steady.at(-1)?.stableSections[name];
    return flag === undefined ? 'no' : flag ? 'yes' : 'no';
  };
  const chat: Table = {
    title:
      `Chat prompt by component (estimated tokens; 1,000 memories, a world day, ${rows.length} turns in one ` +
      `session; steady state = mean of turns ${rows.length - steady.length + 1}-${rows.length}; load ` +
      `${loadText(loadAtStart)})`,
    columns: ['component', 'in stable prefix', 'turn 1', 'steady state', 'share (steady)'],
    rows: [
      ...names.map((name) => [
        name,
        stableOf(name),
        fmt(first.components[name] ?? 0, 0),
        fmt(
          avg((r) => r.components[name] ?? 0),
          0,
        ),
        pct(
          avg((r) => r.components[name] ?? 0),
          steadyTotal,
        ),
      ]),
      ['total', '', fmt(first.total, 0), fmt(steadyTotal, 0), '100%'],
      [
        'stable prefix (system message + history)',
        'yes',
        `${fmt(first.stablePrefix, 0)} (${pct(first.stablePrefix, first.total)})`,
        fmt(steadyStable, 0),
        pct(steadyStable, steadyTotal),
      ],
      ['simulator prefix-cache hits (cached_tokens / prompt)', '', '-', '-', pct(simCached, simPrompt)],
      [
        'bytes shared with the previous turn’s prompt (turns 2-20 / after)',
        '',
        '-',
        `${pct(first20, 1)} / ${pct(later, 1)}`,
        pct(meanOf(shares), 1),
      ],
    ],
  };
  const days: Table = {
    title:
      'World day prompts by method (usage from generateDay; cached share from the simulator’s prefix cache, ' +
      'reset before each method: day 1 cold, later days warm)',
    columns: [
      'method',
      'days',
      'calls/day',
      'input tokens/day',
      'output tokens/day',
      'shared prefix / input',
      'sim cached, day 1',
      'sim cached, later days',
    ],
    rows: world.map((w) => [
      w.method,
      String(w.days),
      fmt(w.calls / w.days, 1),
      fmt(w.inputTokens / w.days, 0),
      fmt(w.outputTokens / w.days, 0),
      pct(w.sharedPrefixTokens, w.inputTokens),
      pct(w.coldCached, w.coldPrompt),
      pct(w.warmCached, w.warmPrompt),
    ]),
  };
  const goals: GoalCheck[] = [
    {
      goal: `>= ${GOAL_CHAT_PREFIX * 100}% of a chat prompt's bytes shared with the previous turn's (20-turn conversation)`,
      measured: `${pct(first20, 1)} over turns 2-20, ${pct(later, 1)} over turns 21-${rows.length}`,
      met: Number.isNaN(first20) ? null : first20 >= GOAL_CHAT_PREFIX,
    },
    {
      goal: `>= ${GOAL_CHAT_PREFIX * 100}% of a chat prompt in the stable prefix (steady state)`,
      measured: `${pct(steadyStable, steadyTotal)} (${pct(first.stablePrefix, first.total)} on the first turn)`,
      met: steadyStable / steadyTotal >= GOAL_CHAT_PREFIX,
    },
    ...world.map((w) => ({
      goal: `>= ${GOAL_SHARE * 100}% of a world day's input in a shared prefix (${w.method})`,
      measured:
        w.method === 'direct'
          ? 'n/a: one call per day, nothing to share within the day (an evaluation baseline)'
          : `${pct(w.sharedPrefixTokens, w.inputTokens)} (simulator cache hits ${pct(w.coldCached, w.coldPrompt)} ` +
            `cold, ${pct(w.warmCached, w.warmPrompt)} warm)`,
      met:
        w.method === 'direct' || w.inputTokens === 0
          ? null
          : w.sharedPrefixTokens / w.inputTokens >= GOAL_SHARE,
    })),
  ];
  return {
    tables: [chat, days],
    goals,
    notes: [
      'Token counts are estimates (about 4 characters per token; ipet’s own estimator for the chat prompt, ' +
        'the simulator’s for cached_tokens), not a real tokenizer’s.',
      'The stable prefix is the system message (instructions, guardrails, persona, user profile, the day’s ' +
        'outline and schedule, always-on lore) and the history: everything before the final user turn, which ' +
        'opens with the turn context (time, mood, what the pet is doing now, details, memories, triggered ' +
        'lore) and ends with the user’s words. Bytes shared: each chat ' +
        'prompt serialised as `<|role|>\\n` + text + `\\n` per message, the longest common prefix with the ' +
        'previous turn’s prompt over its length. The simulator’s cache hits count whatever prefix a prompt ' +
        'shares with an earlier prompt (up to the first difference, in 16-token blocks). Turns are ' +
        `${TURN_GAP_MS / 1000} s apart on the benchmark clock, so the time line at the head of the per-turn ` +
        'message changes every few turns, as in a real conversation.',
      'World days: sharedPrefixTokens counts, within one day, the prompt tokens each call shares with another ' +
        'call of that day (what a prefix cache can serve after the first call).',
    ],
    data: { turns: rows, world },
  };
}
