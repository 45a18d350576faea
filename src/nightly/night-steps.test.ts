import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  fixedClock,
  type Logger,
  ModelCallError,
  sequentialIds,
  silentLogger,
} from '../core/index.ts';
import {
  aDay,
  aPet,
  aUser,
  fakeEmbedder,
  type MemoryStore,
  memoryStore,
  scriptedModel,
  seed,
  seedConversation,
} from '../test/index.ts';
import type { NightlyDeps } from './deps.ts';
import { NightlyJobError } from './failure.ts';
import { runPairNight } from './night-steps.ts';

const now = new Date('2025-03-14T02:00:00Z');
const job = { userId: 'usr_1', petId: 'pet_1', date: '2025-03-14' };

/** A pair with one closed, unextracted session, and a model whose extraction call fails with `error`. */
async function pairWhoseExtractionFails(error: Error, logger: Logger = silentLogger) {
  const store = memoryStore();
  await seed(store, { users: [aUser()], pets: [aPet()] });
  await seedConversation(store, { id: 'ses_1', startedAt: new Date('2025-03-13T18:00:00Z'), closed: true }, [
    'I start my new job on Monday',
  ]);
  return { store, deps: nightlyDeps(store, scriptedModel({ generate: [error] }), logger) };
}

function nightlyDeps(
  store: MemoryStore,
  model: ReturnType<typeof scriptedModel>,
  logger: Logger,
): NightlyDeps {
  return {
    store,
    clock: fixedClock(now),
    logger,
    sessionIdleMinutes: 30,
    extraction: () => ({
      memories: store.memories,
      chats: store.chats,
      users: store.users,
      pets: store.pets,
      model,
      embedder: fakeEmbedder(),
      ids: sequentialIds(),
      logger,
    }),
    world: () => {
      throw new Error('these nights never build a day');
    },
    friendPool: () => {
      throw new Error('these nights never build a friend pool');
    },
    flushUsage: async () => {},
  };
}

const failureOf = (run: Promise<unknown>) =>
  run.then(
    () => {
      throw new Error('expected the night to fail');
    },
    (error: unknown) => error as NightlyJobError,
  );

describe('runPairNight: a failed extraction', () => {
  // The logger drops every line: the decision comes from the extraction's typed failures alone.
  it('fails the job as not retryable when the session failed for good (dead letter)', async () => {
    const { deps } = await pairWhoseExtractionFails(new ConfigError('IPET_LLM_MODEL is not set'));
    const error = await failureOf(runPairNight(deps, job, { lastAttempt: false }));
    expect(error).toBeInstanceOf(NightlyJobError);
    expect(error).toMatchObject({ step: 'extract', reason: 'config', retryable: false });
    expect(error.toOutput().report).toMatchObject({ extract: { failed: 1, reasons: ['config'] } });
  });

  it('fails the job as retryable, and rate-limited, when the model server asked to slow down', async () => {
    const busy = new ModelCallError('too many requests', {
      kind: 'rate-limited',
      status: 429,
      retryAfterMs: 2000,
    });
    const { deps } = await pairWhoseExtractionFails(busy);
    const error = await failureOf(runPairNight(deps, job, { lastAttempt: false }));
    expect(error).toMatchObject({
      step: 'extract',
      reason: 'model_unavailable:rate-limited:429',
      retryable: true,
      rateLimited: { retryAfterMs: 2000 },
    });
  });

  it('builds the day without the failed session on the last attempt, and reports why it failed', async () => {
    const { store, deps } = await pairWhoseExtractionFails(new ConfigError('IPET_LLM_MODEL is not set'));
    await seed(store, { days: [aDay({ date: job.date })] });
    const report = await runPairNight(deps, job, { lastAttempt: true });
    expect(report).toMatchObject({
      outcome: 'done',
      degraded: true,
      extract: { failed: 1, reasons: ['config'] },
      world: { generated: false },
    });
  });
});

describe("runPairNight: the pet's day", () => {
  it('records the day just lived as pet memories, once, before building the new day', async () => {
    const store = memoryStore();
    await seed(store, {
      users: [aUser()],
      pets: [aPet()],
      // Yesterday's day, and today's already built (so no model is needed).
      days: [aDay({ id: 'wday_13', date: '2025-03-13' }), aDay({ id: 'wday_14', date: '2025-03-14' })],
    });
    const deps = nightlyDeps(store, scriptedModel({}), silentLogger);

    const first = await runPairNight(deps, job, { lastAttempt: false });
    expect(first.petDay).toEqual({ date: '2025-03-13', added: 3 });
    const pet = await store.memories.list({ userId: 'usr_1', petId: 'pet_1', now, subject: 'pet' });
    expect(pet.map((m) => m.externalId)).toEqual(['day:wday_13:0', 'day:wday_13:1', 'day:wday_13:2']);

    const retried = await runPairNight(deps, job, { lastAttempt: false });
    expect(retried.petDay).toEqual({ date: '2025-03-13', added: 0 });
    expect(await store.memories.list({ userId: 'usr_1', petId: 'pet_1', now, subject: 'pet' })).toHaveLength(
      3,
    );
  });

  it('adds nothing when no day was stored for yesterday', async () => {
    const store = memoryStore();
    await seed(store, { users: [aUser()], pets: [aPet()], days: [aDay({ date: '2025-03-14' })] });
    const report = await runPairNight(nightlyDeps(store, scriptedModel({}), silentLogger), job, {
      lastAttempt: false,
    });
    expect(report.petDay).toEqual({ date: '2025-03-13', added: 0 });
  });
});

describe('runPairNight: the messages the pet starts', () => {
  async function night(answer: unknown, proactive = { enabled: true }) {
    const store = memoryStore();
    const user = aUser({
      timezone: 'UTC',
      proactive: { quietStart: '22:00', quietEnd: '08:00', dailyCap: 2, ...proactive },
    });
    await seed(store, { users: [user], pets: [aPet()], days: [aDay()] });
    const model = scriptedModel({ generate: [answer] });
    const deps: NightlyDeps = {
      ...nightlyDeps(store, model, silentLogger),
      proactive: () => ({
        model,
        proactive: store.proactive,
        memories: store.memories,
        clock: fixedClock(now),
        ids: sequentialIds(),
        logger: silentLogger,
        allowMinors: false,
      }),
    };
    return { store, model, report: await runPairNight(deps, job, { lastAttempt: false }) };
  }
  const answer = {
    messages: [
      { time: '11:30', text: 'The pond was full of leaves today!', groundedIn: '11:00' },
      { time: '16:30', text: 'The kite flew once!', groundedIn: '16:00' },
    ],
  };

  it('plans them for the day built, after it', async () => {
    const { store, model, report } = await night(answer);
    expect(report.proactive).toMatchObject({ outcome: 'planned', planned: 2, calls: 1 });
    expect(model.callsNamed('proactive_plan')).toHaveLength(1);
    const rows = await store.proactive.list({ userId: 'usr_1' });
    expect(rows.map((r) => [r.date, r.dueAt.toISOString()])).toEqual([
      ['2025-03-14', '2025-03-14T16:30:00.000Z'],
      ['2025-03-14', '2025-03-14T11:30:00.000Z'],
    ]);
  });

  it('asks nothing for a user who did not opt in', async () => {
    const { model, report } = await night(answer, { enabled: false });
    expect(report.proactive).toMatchObject({ outcome: 'opted_out', calls: 0 });
    expect(model.calls).toHaveLength(0);
  });

  it('reports a failed plan without failing the night', async () => {
    const { report } = await night(new ModelCallError('model down', { kind: 'network' }));
    expect(report.outcome).toBe('done');
    expect(report.proactive).toMatchObject({ outcome: 'failed' });
  });
});
