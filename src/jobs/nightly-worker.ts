import type { JobResult, JobWithMetadata } from 'pg-boss';
import {
  failureReason,
  type NightlyDeps,
  NightlyJobError,
  type NightlyQueueName,
  type NightlyStep,
  type PairJobData,
  planIdleSessions,
  planNight,
  QUEUES,
  runPairNight,
  runSessionExtract,
  runSweep,
  type SessionJobData,
  type SweepJobData,
} from '../nightly/index.ts';
import type { NightlyQueue } from './nightly-queue.ts';
import type { FleetLimiter } from './pacing/fleet-limiter.ts';

export interface WorkerOptions {
  /** Pair jobs this process runs at once. */
  concurrency: number;
  /** Told when a job failed because the model server rate-limited it. */
  limiter?: Pick<FleetLimiter, 'slowDown'>;
  /**
   * Also run the enqueue pass: now, and then on a cron every `everyMinutes` (the fleet runs it once), or -
   * with `everyMs` (one process alone, `ipet up`) - on this process's timer, so that a pet created a minute
   * ago has its night queued a minute later.
   */
  plan?: { at: string; everyMinutes: number; everyMs?: number } | null;
  /**
   * Close sessions idle for the idle gap and queue their extraction, now and every `everyMs` (every process
   * may run it: job ids derive from the session). Off when absent.
   */
  idle?: { everyMs: number } | null;
  /** Called when this process settles a job. */
  onJob?: (event: JobEvent) => void;
}

export interface JobEvent {
  queue: NightlyQueueName;
  id: string;
  outcome: 'completed' | 'failed' | 'dead';
  step?: NightlyStep;
  reason?: string;
}

export interface NightlyWorker {
  readonly completed: number;
  readonly failed: number;
  /**
   * Stops taking jobs and waits for the ones in progress - at most `timeoutMs` when given: jobs still
   * running then are left to the queue's close, which fails them for a retry.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * Serves the nightly queues in this process. Any number of processes can serve them at once (each job is
 * handed to one worker at a time; a worker that dies stops sending heartbeats and its job is retried by
 * another); the fleet limiter in each runtime keeps their model calls within the server's capacity.
 */
export async function startNightlyWorker(
  deps: NightlyDeps,
  queue: NightlyQueue,
  options: WorkerOptions,
): Promise<NightlyWorker> {
  const { boss, tuning } = queue;
  const counts = { completed: 0, failed: 0 };
  const polling = {
    batchSize: 1,
    includeMetadata: true,
    perJobResults: true,
    pollingIntervalSeconds: tuning.pollSeconds,
    // Jobs due after a retry delay are found by polling, not NOTIFY: keep the poll short.
    notifyPollingIntervalSeconds: tuning.pollSeconds,
  } as const;

  async function settle<T>(
    name: NightlyQueueName,
    job: JobWithMetadata<T>,
    step: NightlyStep,
    run: () => Promise<object>,
  ): Promise<JobResult> {
    try {
      const output = await run();
      counts.completed++;
      options.onJob?.({ queue: name, id: job.id, outcome: 'completed' });
      return { id: job.id, status: 'completed', output };
    } catch (raw) {
      const error = NightlyJobError.from(step, raw);
      if (error.rateLimited) options.limiter?.slowDown(error.rateLimited.retryAfterMs);
      counts.failed++;
      const outcome = error.retryable ? 'failed' : 'dead';
      deps.logger.warn('nightly job failed', {
        queue: name,
        jobId: job.id,
        ...(job.data as object),
        step: error.step,
        reason: error.reason,
        attempt: job.retryCount + 1,
        willRetry: error.retryable && job.retryCount < job.retryLimit,
      });
      options.onJob?.({ queue: name, id: job.id, outcome, step: error.step, reason: error.reason });
      return { id: job.id, status: error.retryable ? 'failed' : 'deadletter', output: error.toOutput() };
    }
  }

  const queues: NightlyQueueName[] = [QUEUES.pair, QUEUES.sweep, QUEUES.session];
  const timers: NodeJS.Timeout[] = [];
  let stopping: Promise<void> | undefined;
  /** Runs a periodic pass now and every `everyMs`, never two at once; failures are logged, not thrown. */
  const every = (name: string, everyMs: number, pass: () => Promise<unknown>) => {
    let running = false;
    const tick = () => {
      if (running || stopping) return;
      running = true;
      pass()
        .catch((error) =>
          deps.logger.warn(`nightly: the ${name} pass failed`, { reason: failureReason(error) }),
        )
        .finally(() => {
          running = false;
        });
    };
    tick();
    const timer = setInterval(tick, everyMs);
    timer.unref();
    timers.push(timer);
  };
  await boss.work(
    QUEUES.pair,
    { ...polling, localConcurrency: options.concurrency },
    (jobs: JobWithMetadata<PairJobData>[]) =>
      Promise.all(
        jobs.map((job) =>
          settle(QUEUES.pair, job, 'load', () =>
            runPairNight(deps, job.data, { lastAttempt: job.retryCount >= job.retryLimit }),
          ),
        ),
      ),
  );
  await boss.work(
    QUEUES.sweep,
    { ...polling, localConcurrency: 1 },
    (jobs: JobWithMetadata<SweepJobData>[]) =>
      Promise.all(jobs.map((job) => settle(QUEUES.sweep, job, 'sweep', () => runSweep(deps, job.data)))),
  );
  await boss.work(
    QUEUES.session,
    { ...polling, localConcurrency: 1 },
    (jobs: JobWithMetadata<SessionJobData>[]) =>
      Promise.all(
        jobs.map((job) => settle(QUEUES.session, job, 'extract', () => runSessionExtract(deps, job.data))),
      ),
  );
  if (options.idle) every('idle-session', options.idle.everyMs, () => planIdleSessions(deps, queue));
  if (options.plan?.everyMs) {
    const { at, everyMs } = options.plan;
    every('plan', everyMs, () => planNight(deps, queue, { at, startNow: false }));
  } else if (options.plan) {
    const { at, everyMinutes } = options.plan;
    queues.push(QUEUES.plan);
    await boss.work(
      QUEUES.plan,
      { ...polling, localConcurrency: 1 },
      (jobs: JobWithMetadata<{ at?: string }>[]) =>
        Promise.all(
          jobs.map((job) =>
            settle(QUEUES.plan, job, 'plan', async () => {
              const planned = await planNight(deps, queue, { at: job.data.at ?? at, startNow: false });
              return { pairs: planned.pairs.length, created: planned.created, dates: planned.dates };
            }),
          ),
        ),
    );
    await boss.schedule(QUEUES.plan, `*/${everyMinutes} * * * *`, { at }, { tz: 'UTC', retryLimit: 1 });
    await boss.send(QUEUES.plan, { at }, { retryLimit: 1 });
  }

  return {
    get completed() {
      return counts.completed;
    },
    get failed() {
      return counts.failed;
    },
    stop(stopOptions = {}) {
      for (const timer of timers) clearInterval(timer);
      stopping ??= Promise.all(queues.map((name) => boss.offWork(name, { wait: true }))).then(() => {});
      if (stopOptions.timeoutMs === undefined) return stopping;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, stopOptions.timeoutMs);
      });
      return Promise.race([stopping, timeout]).finally(() => clearTimeout(timer));
    },
  };
}
