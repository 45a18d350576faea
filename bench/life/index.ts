import type { Runtime } from '../../src/app/index.ts';
import { nightlyDeps } from '../../src/app/index.ts';
import type { ModelPurpose } from '../../src/core/entities.ts';
import { addDays, localDate } from '../../src/core/time.ts';
import { estimateTokens } from '../../src/core/tokens.ts';
import { chatOnce } from '../../src/dialogue/index.ts';
import { runAt, runPairNight } from '../../src/nightly/index.ts';
import { load, loadText } from '../lib/machine.ts';
import { userMessage } from '../lib/memory-texts.ts';
import { type BenchClock, benchChatDeps, createPair, type Pair, TURN_GAP_MS } from '../lib/pair-fixture.ts';
import type { Bench, BenchOutput, Table } from '../lib/report.ts';
import { createRng } from '../lib/rng.ts';
import { measuredUsage, type UsageDelta, withSimRuntime } from '../lib/sim-runtime.ts';
import { fmt } from '../lib/stats.ts';

const TURNS_PER_DAY = 16;
/** The pet's life: what the nightly job adds for continuity (reflection) and messages the pet starts. */
const LIFE_PURPOSES: readonly ModelPurpose[] = ['reflection', 'proactive'];
const YESTERDAY_QUESTIONS = ['What did you do yesterday?', 'How was your day yesterday?'];

interface NightSample {
  night: number;
  usage: UsageDelta;
}

interface TurnSample {
  yesterday: boolean;
  petMemories: number;
  petTokens: number;
  userTokens: number;
}

/**
 * Issue 18's figures: a pair lives N nights of the nightly job with chats between them (the user opted in to
 * messages the pet starts), against the simulator. Per pair-day: the model calls and tokens of reflection
 * and message planning, beside what the day cost before (world day, extraction, chat turns); what the
 * continuity inputs add to the world calls' prompts (nights with three days of history vs the first night);
 * and what the pet's own memories add to a chat turn's context.
 */
export const lifeBench: Bench = {
  id: 'life',
  title: "The pet's life: cost of continuity and proactive messages per pair-day; pet memories in a turn",
  async run(ctx) {
    return withSimRuntime(ctx, 'pglite', { capacity: 16, seed: 21 }, async (rt, _sim, clock) => {
      const loadAtStart = load();
      const pair = await createPair(rt, 0);
      const { name, callName, timezone, locale, ageBand, interests } = pair.user;
      const user = await rt.store.users.update(
        pair.user.id,
        {
          name,
          callName,
          timezone,
          locale,
          ageBand,
          interests,
          proactive: { enabled: true, quietStart: '22:00', quietEnd: '08:00', dailyCap: 2 },
        },
        clock.now(),
      );
      if (!user) throw new Error('the bench user vanished');
      const live: Pair = { user, pet: pair.pet };
      const nights = ctx.quick ? 3 : 7;
      const start = localDate(clock.now(), user.timezone);
      const nightSamples: NightSample[] = [];
      const chats: UsageDelta[] = [];
      const turns: TurnSample[] = [];
      const rng = createRng(5);
      for (let n = 0; n < nights; n++) {
        const date = addDays(start, n);
        ctx.log(`life: night ${n + 1} of ${nights} (${date})`);
        clock.set(runAt(date, user.timezone));
        const [report, usage] = await measuredUsage(rt, () =>
          runPairNight(nightlyDeps(rt), { userId: user.id, petId: live.pet.id, date }, { lastAttempt: true }),
        );
        if (report.outcome !== 'done') throw new Error(`night ${date}: ${report.outcome}`);
        nightSamples.push({ night: n, usage });
        // the day's chats, from noon on
        clock.set(new Date(runAt(date, user.timezone).getTime() + 9 * 3_600_000));
        const [samples, chatUsage] = await measuredUsage(rt, () => chatDay(rt, clock, live, rng, n > 0));
        turns.push(...samples);
        chats.push(chatUsage);
        clock.advance(6 * 3_600_000); // the sessions go idle: the next night extracts them
      }
      return report(nightSamples, chats, turns, loadAtStart);
    });
  },
};

async function chatDay(
  rt: Runtime,
  clock: BenchClock,
  pair: Pair,
  rng: ReturnType<typeof createRng>,
  askYesterday: boolean,
): Promise<TurnSample[]> {
  const deps = benchChatDeps(rt);
  const out: TurnSample[] = [];
  for (let i = 0; i < TURNS_PER_DAY; i++) {
    const yesterday = askYesterday && i % 8 === 0;
    const text = yesterday ? YESTERDAY_QUESTIONS[(i / 8) % YESTERDAY_QUESTIONS.length]! : userMessage(rng);
    const result = await chatOnce(deps, { userId: pair.user.id, petId: pair.pet.id, text });
    const memories = (result.context?.memories ?? []) as ReadonlyArray<{ text: string; subject?: string }>;
    const pet = memories.filter((m) => m.subject === 'pet');
    const users = memories.filter((m) => m.subject !== 'pet');
    out.push({
      yesterday,
      petMemories: pet.length,
      petTokens: pet.reduce((s, m) => s + estimateTokens(m.text), 0),
      userTokens: users.reduce((s, m) => s + estimateTokens(m.text), 0),
    });
    clock.advance(TURN_GAP_MS);
  }
  return out;
}

type Counter = NonNullable<UsageDelta[ModelPurpose]>;
const calls = (u: UsageDelta, purposes?: readonly ModelPurpose[]) => pick(u, purposes, (c) => c.calls);
const tokens = (u: UsageDelta, purposes?: readonly ModelPurpose[]) =>
  pick(u, purposes, (c) => c.inputTokens + c.outputTokens);

function pick(
  u: UsageDelta,
  purposes: readonly ModelPurpose[] | undefined,
  f: (c: Counter) => number,
): number {
  return (Object.entries(u) as Array<[ModelPurpose, Counter]>)
    .filter(([p]) => !purposes || purposes.includes(p))
    .reduce((s, [, c]) => s + f(c), 0);
}

const mean = (xs: readonly number[]) =>
  xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%` : '-');

function report(
  nights: NightSample[],
  chats: UsageDelta[],
  turns: TurnSample[],
  loadAtStart: number[],
): BenchOutput {
  const purposes = [...new Set(nights.flatMap((n) => Object.keys(n.usage) as ModelPurpose[]))].sort();
  const perNight: Table = {
    title: `Model calls (tokens in+out) per pair-night, by purpose (simulator; load at start ${loadText(loadAtStart)})`,
    columns: ['night', ...purposes],
    rows: nights.map((n) => [
      String(n.night + 1),
      ...purposes.map((p) => {
        const c = n.usage[p];
        return c ? `${c.calls} (${fmt(c.inputTokens + c.outputTokens, 0)})` : '0';
      }),
    ]),
  };
  // Steady state: every night after the first has a day lived before it and chats to extract.
  const steady = nights.slice(1);
  const steadyChats = chats.slice(1);
  const base = steady.map((n, i) => {
    const u = n.usage;
    const chat = steadyChats[i] ?? {};
    const baseCalls = calls(u) - calls(u, LIFE_PURPOSES) + calls(chat);
    const baseTokens = tokens(u) - tokens(u, LIFE_PURPOSES) + tokens(chat);
    return {
      baseCalls,
      baseTokens,
      lifeCalls: calls(u, LIFE_PURPOSES),
      lifeTokens: tokens(u, LIFE_PURPOSES),
    };
  });
  const baseCalls = mean(base.map((b) => b.baseCalls));
  const baseTokens = mean(base.map((b) => b.baseTokens));
  const lifeCalls = mean(base.map((b) => b.lifeCalls));
  const lifeTokens = mean(base.map((b) => b.lifeTokens));
  // Continuity inputs ride in the world calls' shared context: first night (no history) vs nights 4+.
  const worldTokens = (n: NightSample) =>
    n.usage.world ? n.usage.world.inputTokens / n.usage.world.calls : Number.NaN;
  const first = nights[0] ? worldTokens(nights[0]) : Number.NaN;
  const later = mean(nights.slice(3).map(worldTokens).filter(Number.isFinite));
  const extraWorldInput = mean(
    nights.slice(3).map((n) => (n.usage.world?.calls ?? 0) * (worldTokens(n) - first)),
  );
  const totalExtraTokens = lifeTokens + (Number.isFinite(extraWorldInput) ? extraWorldInput : 0);
  const cost: Table = {
    title: `An active pair-day (${TURNS_PER_DAY} chat turns, the night's extraction and world day), nights 2-${nights.length}`,
    columns: ['', 'model calls', 'tokens (in + out)'],
    rows: [
      ['before: world day + extraction + embeddings + chat turns', fmt(baseCalls, 1), fmt(baseTokens, 0)],
      ['reflection + message planning', fmt(lifeCalls, 1), fmt(lifeTokens, 0)],
      [
        'continuity in the world calls (extra input tokens vs the first night)',
        '0',
        Number.isFinite(extraWorldInput) ? fmt(extraWorldInput, 0) : '-',
      ],
      ["added by the pet's life", pct(lifeCalls / baseCalls), pct(totalExtraTokens / baseTokens)],
    ],
  };
  const plain = turns.filter((t) => !t.yesterday);
  const asked = turns.filter((t) => t.yesterday);
  const context: Table = {
    title: "What the pet's own memories add to a chat turn's context (estimated tokens of memory text)",
    columns: ['turns', 'n', 'pet memories', 'pet memory tokens', 'user memory tokens'],
    rows: [
      [
        'ordinary turns',
        String(plain.length),
        fmt(mean(plain.map((t) => t.petMemories)), 1),
        fmt(mean(plain.map((t) => t.petTokens)), 0),
        fmt(mean(plain.map((t) => t.userTokens)), 0),
      ],
      [
        '"what did you do yesterday?"',
        String(asked.length),
        fmt(mean(asked.map((t) => t.petMemories)), 1),
        fmt(mean(asked.map((t) => t.petTokens)), 0),
        fmt(mean(asked.map((t) => t.userTokens)), 0),
      ],
    ],
  };
  const goalShare = Math.max(lifeCalls / baseCalls, totalExtraTokens / baseTokens);
  return {
    tables: [perNight, cost, context],
    goals: [
      {
        goal: "the pet's life costs at most +25% model calls and tokens over the pair-day",
        measured: `${pct(lifeCalls / baseCalls)} calls, ${pct(totalExtraTokens / baseTokens)} tokens`,
        met: Number.isFinite(goalShare) ? goalShare <= 0.25 : null,
      },
    ],
    notes: [
      `World calls' mean input tokens: ${fmt(first, 0)} on the first night, ${fmt(later, 0)} from the fourth night on (the context block carries the last days' titles, reflections and open promises).`,
      'Against the simulator: token counts are its estimates (about 4 characters per token) and its answers are filler, so reflections and planned messages have filler length; the shares show the pipeline, not a model.',
    ],
    data: { nights, chats, turns },
  };
}
