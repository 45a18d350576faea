import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { wrapLanguageModel } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, type Store, sequentialIds, silentLogger } from '../../src/core/index.ts';
import type { NightlyDeps } from '../../src/nightly/index.ts';
import { runPairNight } from '../../src/nightly/index.ts';
import { SIM_MODES, type SimHandle, startSimulator } from '../../src/sim/index.ts';
import {
  aMemory,
  aPet,
  aUser,
  fakeEmbedder,
  openTestStore,
  promptText,
  seed,
  seedConversation,
  someFriends,
} from '../../src/test/index.ts';

/**
 * Two nights of one pair on the embedded store (PGlite), with the project's simulator as the model in both
 * of its modes (normal, and schema-only: random schema-valid answers that never read the prompt). Each night
 * extracts, records the day just lived, reflects, and builds the next day: the reflections are stored (a new
 * version each night) and reach the outline prompt of the day built after them, together with the days
 * before, and a promise the pet made for the second day reaches that day's schedule prompt.
 */
const PROMISE = 'Mochi promised Lenny to show the drawing of the lighthouse.';
const DAY_1 = '2025-03-14';
const DAY_2 = '2025-03-15';

describe.each(SIM_MODES)('two nights of continuity against the simulator ($name)', (mode) => {
  let sim: SimHandle;
  let store: Store;
  const prompts: Array<{ name: string; text: string }> = [];
  const pair = { userId: 'usr_1', petId: 'pet_1' };
  // One id sequence for both nights: ids stay unique in the store.
  const ids = sequentialIds();

  beforeAll(async () => {
    sim = await startSimulator({ seed: 5, ...mode.options });
    store = await openTestStore();
    await seed(store, {
      users: [aUser()],
      pets: [aPet()],
      friends: someFriends(),
      memories: [
        aMemory({
          id: 'mem_promise',
          subject: 'pet',
          kind: 'promise',
          category: 'short_term',
          dueOn: DAY_2,
          text: PROMISE,
          occurredAt: new Date('2025-03-13T19:00:00Z'),
          createdAt: new Date('2025-03-13T19:30:00Z'),
        }),
      ],
    });
    await seedConversation(
      store,
      { id: 'ses_1', startedAt: new Date('2025-03-13T18:00:00Z'), closed: true },
      [
        'My driving exam is on Saturday and I am nervous.',
        'You will do great, Lenny!',
        'I will also bake bread this weekend.',
      ],
    );
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await sim?.close();
  });

  function nightly(now: string): NightlyDeps {
    const base = createOpenAICompatible({
      name: 'sim',
      baseURL: sim.url,
      supportsStructuredOutputs: true,
      includeUsage: true,
    }).chatModel('ipet-sim');
    const model = wrapLanguageModel({
      model: base,
      middleware: {
        specificationVersion: 'v3',
        transformParams: async ({ params }: { params: LanguageModelV3CallOptions }) => {
          const format = params.responseFormat;
          prompts.push({
            name: format?.type === 'json' ? (format.name ?? '') : '',
            text: promptText(params).user,
          });
          return params;
        },
      },
    });
    const common = { model, clock: fixedClock(now), ids, logger: silentLogger };
    return {
      store,
      clock: common.clock,
      logger: silentLogger,
      sessionIdleMinutes: 30,
      extraction: () => ({
        memories: store.memories,
        chats: store.chats,
        users: store.users,
        pets: store.pets,
        embedder: fakeEmbedder(),
        ...common,
      }),
      reflection: () => ({ memories: store.memories, reflections: store.reflections, ...common }),
      world: () => ({
        worlds: store.worlds,
        friends: store.friends,
        memories: store.memories,
        reflections: store.reflections,
        ...common,
      }),
      friendPool: () => ({ friends: store.friends, ...common }),
      flushUsage: async () => {},
    };
  }

  const latest = () => store.reflections.latest({ ...pair, scope: 'nightly' });
  const promptsOf = (name: string, from: number) => prompts.slice(from).filter((p) => p.name === name);

  it('night 1: reflects before the day, and the outline of the day reads the reflections', async () => {
    const from = prompts.length;
    const report = await runPairNight(
      nightly('2025-03-14T02:00:00Z'),
      { ...pair, date: DAY_1 },
      {
        lastAttempt: true,
      },
    );
    expect(report.reflect).toMatchObject({ outcome: 'done', nightly: 'stored', weekly: 'skipped' });
    expect(report.world?.generated).toBe(true);
    const reflections = await latest();
    expect(reflections.length).toBeGreaterThanOrEqual(1);
    expect(reflections.every((r) => r.version === 1 && r.periodEnd === '2025-03-13')).toBe(true);

    const reflectPrompt = promptsOf('reflections', from)[0]?.text ?? '';
    expect(reflectPrompt).toContain(PROMISE);
    const outline = promptsOf('world_outline', from)[0]?.text ?? '';
    for (const r of reflections) expect(outline).toContain(r.text);
  }, 120_000);

  it("night 2: a new version from the day lived, in the outline with yesterday's titles; the promise in the schedule", async () => {
    const day1 = (await store.worlds.getDay(pair.petId, DAY_1))!;
    const from = prompts.length;
    const report = await runPairNight(
      nightly('2025-03-15T02:00:00Z'),
      { ...pair, date: DAY_2 },
      {
        lastAttempt: true,
      },
    );
    expect(report.petDay?.added).toBe(day1.schedule.length);
    expect(report.reflect).toMatchObject({ outcome: 'done', nightly: 'stored' });
    const reflections = await latest();
    expect(reflections.every((r) => r.version === 2 && r.periodEnd === '2025-03-14')).toBe(true);

    // The reflection read the day just lived (the pet's own memories of it).
    const reflectPrompt = promptsOf('reflections', from)[0]?.text ?? '';
    for (const item of day1.schedule) expect(reflectPrompt).toContain(item.title);

    const outline = promptsOf('world_outline', from)[0]?.text ?? '';
    for (const r of reflections) expect(outline).toContain(r.text);
    for (const item of day1.schedule) expect(outline).toContain(item.title);
    const schedule = promptsOf('world_schedule', from)[0]?.text ?? '';
    expect(schedule).toContain(PROMISE);
    expect(schedule).toMatch(/Every promise or plan due today is an event of its own/);
  }, 120_000);
});
