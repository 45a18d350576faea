import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNightlyWorker } from '../../src/jobs/index.ts';
import { planNight, summarizeNight } from '../../src/nightly/index.ts';
import { type SimHandle, startSimulator } from '../../src/sim/index.ts';
import { ensureFriendPool } from '../../src/world/index.ts';
import { type NightlyProcess, openNightlyProcess } from './harness.ts';
import { seedPairs } from './seed-pairs.ts';

const DATE = '2026-05-09';

/**
 * No process idles while pair jobs are queued: a worker that settled a job takes the next one at once,
 * not after its poll interval. With a poll of a minute, one pair at a time and three pairs queued, the
 * night ends long before a single poll would have found the second job (pg-boss waits the rest of the
 * interval after a job shorter than it unless the worker is told otherwise).
 */
describe('nightly worker between jobs', () => {
  let sim: SimHandle;
  let main: NightlyProcess;

  beforeAll(async () => {
    sim = await startSimulator({ capacity: 4, seed: 9 });
    main = await openNightlyProcess({
      store: { kind: 'pglite', dataDir: 'memory://' },
      sim,
      slots: 4,
      tuning: { pollSeconds: 60 },
    });
    await ensureFriendPool(main.deps.friendPool(), 'en');
  });
  afterAll(async () => {
    await main?.close();
    await sim?.close();
  });

  it('takes the next queued pair as soon as one is done, without waiting for a poll', async () => {
    const pairs = await seedPairs(main.rt.store, { pairs: 3, now: main.rt.clock.now() });
    const worker = await startNightlyWorker(main.deps, main.queue, { concurrency: 1 });
    try {
      await planNight(main.deps, main.queue, { at: '03:00', date: DATE, startNow: true });
      const ids = new Set(pairs.map((p) => p.userId));
      await expect
        .poll(
          async () => {
            const jobs = await main.queue.jobsOf([DATE]);
            const mine = { ...jobs, pairs: jobs.pairs.filter((j) => ids.has(j.data.userId)) };
            return summarizeNight([DATE], mine, new Date()).succeeded;
          },
          // Well under the 60 s poll: the second and third jobs can only have been taken without one.
          { timeout: 30_000, interval: 250 },
        )
        .toBe(3);
    } finally {
      await worker.stop();
    }
  }, 60_000);
});
