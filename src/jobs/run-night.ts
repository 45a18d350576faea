import { sleep } from '../core/index.ts';
import { type NightlyDeps, type NightStatus, planNight, QUEUES, summarizeNight } from '../nightly/index.ts';
import type { NightlyQueue } from './nightly-queue.ts';
import { startNightlyWorker } from './nightly-worker.ts';
import type { FleetLimiter } from './pacing/fleet-limiter.ts';

export interface RunNightOptions {
  /** The off-peak time (HH:MM); picks each owner's night when `date` is not given. */
  at: string;
  date?: string;
  /** Only these owners' pets. */
  users?: readonly string[];
  /** Pair jobs this process runs at once (other workers may help). */
  concurrency: number;
  limiter?: FleetLimiter;
  /** Each pair's time budget for the night (see `WorkerOptions.pairBudgetMs`). */
  pairBudgetMs?: number;
  /** How often progress is read back from the queue. Default 1 s. */
  pollMs?: number;
  onProgress?: (status: NightStatus) => void;
  /** Stops waiting (jobs in progress finish; the rest stay queued for workers or a rerun). */
  signal?: AbortSignal;
}

/**
 * `ipet nightly`: the whole night now. Queues every pair's job due now (pulling forward jobs a worker's
 * cron had deferred to the off-peak time, giving failed ones another attempt), works on them in this
 * process next to any `ipet worker`, and returns once every job of the run has finished. A rerun after a
 * crash or a failure only does what is left: finished jobs stay finished, and inside a job every step
 * skips what is already stored.
 */
export async function runNight(
  deps: NightlyDeps,
  queue: NightlyQueue,
  options: RunNightOptions,
): Promise<NightStatus> {
  const planned = await planNight(deps, queue, {
    at: options.at,
    startNow: true,
    ...(options.date ? { date: options.date } : {}),
    ...(options.users ? { users: options.users } : {}),
  });
  const ids = new Set([...planned.pairs.map((j) => j.id), ...planned.sweeps.map((j) => j.id)]);
  const before = await queue.jobsOf(planned.dates);
  const now = new Date();
  for (const [name, jobs] of [
    [QUEUES.pair, before.pairs],
    [QUEUES.sweep, before.sweeps],
  ] as const) {
    const mine = jobs.filter((j) => ids.has(j.id));
    const waiting = mine.filter(
      (j) => (j.state === 'created' || j.state === 'retry') && new Date(j.startAfter) > now,
    );
    await queue.startNow(
      name,
      waiting.map((j) => j.id),
    );
    await queue.retryFailed(
      name,
      mine.filter((j) => j.state === 'failed'),
    );
  }

  const worker = await startNightlyWorker(deps, queue, {
    concurrency: options.concurrency,
    ...(options.limiter ? { limiter: options.limiter } : {}),
    ...(options.pairBudgetMs !== undefined ? { pairBudgetMs: options.pairBudgetMs } : {}),
  });
  try {
    for (;;) {
      const status = summarizeNight(planned.dates, await queue.jobsOf(planned.dates), new Date(), ids);
      options.onProgress?.(status);
      if (status.settled || options.signal?.aborted) return status;
      await sleep(options.pollMs ?? 1_000, options.signal).catch(() => {}); // an abort ends the wait early
    }
  } finally {
    await worker.stop();
  }
}
