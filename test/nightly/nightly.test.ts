import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreConfig } from '../../src/app/index.ts';
import { runNight, startNightlyWorker } from '../../src/jobs/index.ts';
import { QUEUES, summarizeNight } from '../../src/nightly/index.ts';
import { SIM_MODES, type SimHandle, type SimMode, startSimulator } from '../../src/sim/index.ts';
import { postgresTestDatabase } from '../../src/store/testing.ts';
import { type NightlyProcess, openNightlyProcess } from './harness.ts';
import { seedPairs } from './seed-pairs.ts';

const adminUrl = process.env.IPET_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const skipPostgres = process.env.IPET_SKIP_POSTGRES === '1';
const CAPACITY = 4;
const AT = '03:00';

/**
 * The nightly batch end to end, against the model simulator over HTTP, on both databases: the same
 * queue (pg-boss), the same jobs; the fleet limiter is advisory locks on PostgreSQL and in-process on
 * PGlite. On PGlite also against the schema-only simulator (it honours the JSON schema alone, like a weak
 * model behind guided decoding): every pair still gets its day, complete or degraded with the reasons.
 */
function nightlySuite(
  kind: 'pglite' | 'postgres',
  storeConfig: () => Promise<StoreConfig>,
  mode: SimMode = SIM_MODES[0]!,
) {
  describe(`nightly batch on ${kind} (${mode.name} simulator)`, () => {
    let sim: SimHandle;
    let main: NightlyProcess;
    let store: StoreConfig;

    beforeAll(async () => {
      sim = await startSimulator({ capacity: CAPACITY, latencyMs: 5, seed: 3, ...mode.options });
      store = await storeConfig();
      main = await openNightlyProcess({ store, sim, slots: CAPACITY });
    });
    afterAll(async () => {
      await main?.close();
      await sim?.close();
    });

    it('builds one day per pair with the memories of its sessions, within the model capacity', async () => {
      const date = '2026-05-02';
      const pairs = await seedPairs(main.rt.store, { pairs: 12, now: main.rt.clock.now() });
      sim.reset();
      // On PostgreSQL a second process helps; its model calls count against the same slots.
      const helper = kind === 'postgres' ? await openNightlyProcess({ store, sim, slots: CAPACITY }) : null;
      const helping = helper ? await startNightlyWorker(helper.deps, helper.queue, { concurrency: 4 }) : null;
      try {
        const status = await runNight(main.deps, main.queue, { at: AT, date, concurrency: 4, pollMs: 200 });
        expect(status).toMatchObject({
          pairs: 12,
          succeeded: 12,
          failed: 0,
          dead: 0,
          daysGenerated: 12,
          sessionsExtracted: 12,
          settled: true,
        });
        expect(status.sweep?.state).toBe('completed');
        // A schema-only answer may hold no memory at all; a model that reads the prompt finds some.
        if (mode.name === 'normal') expect(status.memoriesAdded).toBeGreaterThan(0);
        expect(status.steps.extract.calls).toBeGreaterThanOrEqual(12);
        expect(status.steps.world.calls).toBeGreaterThanOrEqual(12 * 3);
        // One reflection per pair whose memories are new (a schema-only extraction may store none).
        if (mode.name === 'normal') expect(status.steps.reflect.calls).toBeGreaterThanOrEqual(1);
        expect(status.calls).toBe(
          status.steps.extract.calls + status.steps.world.calls + status.steps.reflect.calls,
        );
      } finally {
        await helping?.stop();
        await helper?.close();
      }
      const stats = sim.stats();
      expect(stats.maxActive).toBeLessThanOrEqual(CAPACITY);
      expect(stats.maxQueued).toBe(0);
      expect(stats.faults.total).toBe(0);

      for (const pair of pairs) {
        const day = await main.rt.store.worlds.getDay(pair.petId, date);
        // Memory mode is the user's memories (M); the pet's own (what it said) reach the day as continuity.
        const now = main.rt.clock.now();
        const memories = await main.rt.store.memories.list({ ...pair, now, subject: 'user' });
        expect(day?.mode).toBe(memories.length > 0 ? 'memory' : 'normal');
        expect(day?.schedule.length).toBeGreaterThan(0);
        if (mode.name === 'normal') expect(day?.degraded).toBeNull();
        else if (day?.degraded) expect(day.degraded.reasons.length).toBeGreaterThan(0);
        const sessions = await main.rt.store.chats.listSessions(pair.userId, pair.petId);
        expect(sessions.every((s) => s.closedAt !== null && s.extractedAt !== null)).toBe(true);
      }

      // A rerun finds everything done: no model call, nothing new.
      const requests = sim.stats().requests.total;
      const again = await runNight(main.deps, main.queue, { at: AT, date, concurrency: 4, pollMs: 200 });
      expect(again).toMatchObject({ pairs: 12, succeeded: 12, daysGenerated: 12 });
      expect(sim.stats().requests.total).toBe(requests);
      const jobs = await main.queue.jobsOf([date]);
      expect(jobs.pairs).toHaveLength(12);
      expect(summarizeNight([date], jobs, new Date())).toMatchObject({ pairs: 12, succeeded: 12 });
    });

    it('retries jobs through a spell of rate limits, and slows the model calls down', async () => {
      const date = '2026-05-03';
      const users = (await seedPairs(main.rt.store, { pairs: 2, now: main.rt.clock.now() })).map(
        (p) => p.userId,
      );
      sim.reset();
      sim.configure({ failRate: 1, faults: ['rateLimit429'] });
      const healed = new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (sim.stats().faults.total >= 2) {
            sim.configure({ failRate: 0 });
            clearInterval(check);
            resolve();
          }
        }, 5);
      });
      const status = await runNight(main.deps, main.queue, {
        at: AT,
        date,
        users,
        concurrency: 2,
        pollMs: 200,
        limiter: main.limiter,
      });
      await healed;
      expect(status).toMatchObject({ pairs: 2, succeeded: 2, failed: 0, dead: 0, settled: true });
      const jobs = await main.queue.jobsOf([date]);
      expect(jobs.pairs.some((j) => j.retryCount > 0)).toBe(true);
      expect(main.slowDowns()).toBeGreaterThan(0);
    });

    it('dead-letters jobs whose model calls keep failing; a rerun after recovery finishes them', async () => {
      const date = '2026-05-04';
      const users = (await seedPairs(main.rt.store, { pairs: 3, now: main.rt.clock.now() })).map(
        (p) => p.userId,
      );
      sim.configure({ failRate: 1, faults: ['rateLimit429', 'malformedJson'] });
      const run = () => runNight(main.deps, main.queue, { at: AT, date, users, concurrency: 3, pollMs: 200 });
      const failed = await run();
      expect(failed).toMatchObject({ pairs: 3, succeeded: 0, failed: 3, dead: 3, settled: true });
      expect(failed.failures).toHaveLength(3);
      for (const failure of failed.failures) {
        // The last attempt builds the day even without the memories, and fails there too.
        expect(failure).toMatchObject({ date, state: 'failed', step: 'world', attempts: 3 });
        expect(failure.reason).toMatch(/^(model_unavailable:rate-limited:429|model_output_invalid:world)$/);
      }
      const dead = await main.queue.boss.findJobs(QUEUES.dead, { data: { date } });
      expect(
        dead.every((j) => j.sourceName === QUEUES.pair && Object.keys(j.data as object).length === 3),
      ).toBe(true);

      sim.configure({ failRate: 0 });
      const rerun = await run();
      expect(rerun).toMatchObject({ pairs: 3, succeeded: 3, failed: 0, dead: 0, sessionsExtracted: 3 });
      expect(await main.queue.boss.findJobs(QUEUES.dead, { data: { date } })).toHaveLength(0);
    });
  });
}

for (const mode of SIM_MODES)
  nightlySuite('pglite', async () => ({ kind: 'pglite', dataDir: 'memory://' }), mode);

describe.skipIf(skipPostgres)('postgres', () => {
  const database = postgresTestDatabase(adminUrl);
  afterAll(() => database.drop());
  nightlySuite('postgres', async () => ({ kind: 'postgres', url: await database.create(), poolSize: 6 }));
});
