import { describe, expect, it } from 'vitest';
import { fixedClock, type Logger, ModelCallError, sequentialIds, silentLogger } from '../core/index.ts';
import {
  aDay,
  aMemory,
  aPet,
  aUser,
  fakeEmbedder,
  type MemoryStore,
  type ModelCall,
  memoryStore,
  scriptedModel,
  seed,
  someFriends,
} from '../test/index.ts';
import type { NightlyDeps } from './deps.ts';
import { runPairNight } from './night-steps.ts';

const now = new Date('2025-03-14T02:00:00Z');
const job = { userId: 'usr_1', petId: 'pet_1', date: '2025-03-14' };
const REFLECTION = 'Mochi is learning to swim with Pip and is a little braver each day.';

/** Answers of the world's stages (the world module's own kit is internal to it). */
const STAGES: Record<string, unknown> = {
  world_outline: {
    mood: 'bright',
    themes: ['the shell collection'],
    meets: [],
    threads: ['Mochi sorts her shells to show Lena.'],
    summary: 'Mochi sorts her shells and swims a little.',
  },
  world_schedule: {
    items: [
      '07:30 Morning stretch',
      '09:00 Shell sorting',
      '11:00 Swim practice',
      '13:00 Lunch outside',
      '15:00 Afternoon nap',
      '17:00 Shell show',
      '21:00 Bedtime story',
    ].map((line) => ({ time: line.slice(0, 5), title: line.slice(6) })),
  },
  world_detail: {
    detail:
      'Sunlight pools on the rug while Mochi stretches, front paws first, then each back leg in turn. A sparrow ' +
      'lands on the sill and watches. Mochi yawns so wide her whiskers tremble, then goes to look at her shells.',
  },
};

/** A pair that lived 2025-03-13 (its day stored) and promised something for the 14th. */
async function pairWithAPast() {
  const store = memoryStore();
  await seed(store, {
    users: [aUser()],
    pets: [aPet()],
    friends: someFriends(),
    days: [aDay({ id: 'wday_13', date: '2025-03-13' })],
    memories: [
      aMemory({
        id: 'mem_promise',
        subject: 'pet',
        kind: 'promise',
        dueOn: job.date,
        text: 'Mochi promised to show Lena her shell collection.',
        occurredAt: new Date('2025-03-13T19:00:00Z'),
        createdAt: new Date('2025-03-13T19:30:00Z'),
      }),
    ],
  });
  return store;
}

function deps(store: MemoryStore, reflect: (call: ModelCall) => unknown, logger: Logger = silentLogger) {
  const model = scriptedModel({
    modelId: 'scripted',
    generate: (call) => {
      if (call.name === 'reflections') return reflect(call);
      const answer = STAGES[call.name];
      if (!answer) throw new Error(`no answer for ${call.name}`);
      return answer;
    },
  });
  const base = { clock: fixedClock(now), ids: sequentialIds(), logger, model };
  const nightly: NightlyDeps = {
    store,
    clock: base.clock,
    logger,
    sessionIdleMinutes: 30,
    extraction: () => ({
      memories: store.memories,
      chats: store.chats,
      users: store.users,
      pets: store.pets,
      embedder: fakeEmbedder(),
      ...base,
    }),
    world: () => ({
      worlds: store.worlds,
      friends: store.friends,
      memories: store.memories,
      reflections: store.reflections,
      ...base,
    }),
    reflection: () => ({ memories: store.memories, reflections: store.reflections, ...base }),
    friendPool: () => ({ friends: store.friends, ...base }),
    flushUsage: async () => {},
  };
  return { nightly, model };
}

describe('runPairNight: reflections', () => {
  it("stores the night's reflections before the day is built, and the day's outline reads them", async () => {
    const store = await pairWithAPast();
    const { nightly, model } = deps(store, () => ({
      reflections: [{ topic: 'storyline', text: REFLECTION }],
    }));
    const report = await runPairNight(nightly, job, { lastAttempt: false });

    expect(report.reflect).toMatchObject({ outcome: 'done', nightly: 'stored', weekly: 'skipped' });
    const stored = await store.reflections.latest({ petId: 'pet_1', userId: 'usr_1', scope: 'nightly' });
    expect(stored.map((r) => r.text)).toEqual([REFLECTION]);
    expect(report.reflect?.outcome === 'done' && report.reflect.stored).toEqual(stored.map((r) => r.id));

    const names = model.calls.map((c) => c.name);
    expect(names.indexOf('reflections')).toBeLessThan(names.indexOf('world_outline'));
    const outline = model.callsNamed('world_outline')[0]!.prompt;
    expect(outline).toContain(REFLECTION);
    // The day lived before, and the promise due today, reach the outline and the schedule too.
    expect(outline).toContain('Morning stretch; Walk in park; Kite test flight');
    expect(model.callsNamed('world_schedule')[0]!.prompt).toContain(
      'Mochi promised to show Lena her shell collection.',
    );
  });

  it('builds the day when the reflection fails, logging ids and the reason, never text', async () => {
    const store = await pairWithAPast();
    const lines: unknown[] = [];
    const logger: Logger = { ...silentLogger, warn: (message, fields) => lines.push({ message, fields }) };
    const down = new ModelCallError('the model said: Mochi promised to show Lena her shell collection', {
      kind: 'http',
      status: 503,
    });
    const { nightly, model } = deps(store, () => down, logger);
    const report = await runPairNight(nightly, job, { lastAttempt: false });

    expect(report).toMatchObject({ outcome: 'done', world: { generated: true } });
    expect(report.reflect).toMatchObject({
      outcome: 'failed',
      reason: expect.stringMatching(/^model_unavailable/),
    });
    expect(model.callsNamed('world_outline')).toHaveLength(1);
    expect(await store.reflections.list({ petId: 'pet_1' })).toEqual([]);
    expect(JSON.stringify(lines)).toContain('"petId":"pet_1"');
    expect(JSON.stringify(lines)).not.toContain('shell collection');
  });

  it('makes no reflection when the night has no reflection deps (the day reads the earlier ones)', async () => {
    const store = await pairWithAPast();
    const { nightly, model } = deps(store, () => {
      throw new Error('not called');
    });
    const { reflection: _, ...without } = nightly;
    const report = await runPairNight(without, job, { lastAttempt: false });
    expect(report.reflect).toBeNull();
    expect(model.callsNamed('reflections')).toHaveLength(0);
  });
});
