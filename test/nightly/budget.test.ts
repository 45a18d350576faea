import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNight } from '../../src/jobs/index.ts';
import { BUDGET_EXCEEDED, QUEUES } from '../../src/nightly/index.ts';
import { type SimHandle, startSimulator } from '../../src/sim/index.ts';
import { ensureFriendPool } from '../../src/world/index.ts';
import { type NightlyProcess, openNightlyProcess } from './harness.ts';
import { seedPairs } from './seed-pairs.ts';

const AT = '03:00';
/** Time for the run to notice a settled job and stop its worker, on a busy machine. */
const SLACK_MS = 4_000;

/**
 * A pair that can never succeed ends within its night's budget with its cause, instead of keeping the
 * run busy: here retries are many and quick (a limit of 100, one second apart), so only the budget can
 * stop them. PGlite only: the budget is the worker's, the same on both databases.
 */
describe('nightly pair budget', () => {
  let sim: SimHandle;
  let main: NightlyProcess;

  beforeAll(async () => {
    sim = await startSimulator({ capacity: 4, seed: 5 });
    main = await openNightlyProcess({
      store: { kind: 'pglite', dataDir: 'memory://' },
      sim,
      slots: 4,
      policy: { retryLimit: 100, retryDelaySeconds: 1, retryDelayMaxSeconds: 1 },
    });
    // The shared friend pool exists before the model breaks (the plan would make it otherwise).
    await ensureFriendPool(main.deps.friendPool(), 'en');
  });
  afterAll(async () => {
    await main?.close();
    await sim?.close();
  });

  it('fails a pair whose model output is never valid once its budget is spent, with the cause', async () => {
    const date = '2026-05-05';
    const pairs = await seedPairs(main.rt.store, { pairs: 2, now: main.rt.clock.now() });
    sim.configure({ failRate: 1, faults: ['malformedJson'], latencyMs: 0 });
    const budgetMs = 4_000;
    const started = Date.now();
    const status = await runNight(main.deps, main.queue, {
      at: AT,
      date,
      users: pairs.map((p) => p.userId),
      concurrency: 2,
      pollMs: 200,
      pairBudgetMs: budgetMs,
    });
    const elapsed = Date.now() - started;

    expect(status).toMatchObject({ pairs: 2, succeeded: 0, failed: 2, dead: 2, settled: true });
    expect(elapsed).toBeLessThan(budgetMs + SLACK_MS);
    expect(status.failures).toHaveLength(2);
    for (const failure of status.failures) {
      expect(failure).toMatchObject({ date, state: 'failed', budgetExceeded: true });
      // The last failure's cause, not the budget: the model's answers were never valid.
      expect(failure.reason).toMatch(/^model_output_invalid:(memory|world)$/);
      expect(failure.step).toMatch(/^(extract|world)$/);
      // Several attempts, far fewer than the retry limit allowed.
      expect(failure.attempts).toBeGreaterThan(1);
      expect(failure.attempts).toBeLessThan(10);
    }
    expect(status.lastFailure?.reason).toMatch(/^model_output_invalid:/);
    const dead = await main.queue.boss.findJobs(QUEUES.dead, { data: { date } });
    expect(dead.filter((j) => j.sourceName === QUEUES.pair)).toHaveLength(2);
  });

  it('cuts an attempt whose model calls hang when the budget runs out, aborting them', async () => {
    const date = '2026-05-06';
    const pairs = await seedPairs(main.rt.store, { pairs: 1, now: main.rt.clock.now() });
    sim.configure({ failRate: 0, latencyMs: 60_000 });
    sim.reset();
    const budgetMs = 2_000;
    const started = Date.now();
    const status = await runNight(main.deps, main.queue, {
      at: AT,
      date,
      users: [pairs[0]?.userId ?? ''],
      concurrency: 1,
      pollMs: 200,
      pairBudgetMs: budgetMs,
    });
    const elapsed = Date.now() - started;

    expect(status).toMatchObject({ pairs: 1, succeeded: 0, failed: 1, dead: 1, settled: true });
    expect(elapsed).toBeLessThan(budgetMs + SLACK_MS);
    expect(status.failures).toEqual([
      expect.objectContaining({
        state: 'failed',
        step: 'extract',
        reason: BUDGET_EXCEEDED,
        attempts: 1,
        budgetExceeded: true,
      }),
    ]);
    // The model call in flight was aborted, not left to its 120 s timeout.
    await expect.poll(() => sim.stats().active, { timeout: 2_000 }).toBe(0);
    expect(sim.stats().clientAborts).toBeGreaterThan(0);
    sim.configure({ latencyMs: 0 });
  });
});
