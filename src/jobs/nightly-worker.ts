import type { JobResult, JobWithMetadata } from 'pg-boss';
import {
  afterFailure,
  BUDGET_EXCEEDED,
  type BudgetMark,
  budgetAtStart,
  DEFAULT_PAIR_BUDGET_SECONDS,
  failureReason,
  isLastAttempt,
  type NightlyDeps,
  NightlyJobError,
  type NightlyQueueName,
  type NightlyStep,
  type PairFailureOutput,
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
  /**
   * A pair's time budget for its night (wall time from its first attempt, retry delays included; default
   * `DEFAULT_PAIR_BUDGET_SECONDS`): an attempt still running when it ends is cut (its model calls aborted),
   * a retry that could not start before it is not made, and the pair fails for good with the last
   * failure's reason.
   */
  pairBudgetMs?: number;
  /** Called when this process settles a job. */
  onJob?: (event: JobEvent) => void;
}

/**
 * Pairs one process works on at once when not told otherwise: twice the fleet's model slots. A pair has a
 * model call in flight only part of its time - between calls it reads and writes the store and parses, and
 * its outline and schedule stages make one call at a time - so as many pairs as slots leave slots idle;
 * twice as many keep callers waiting at the fleet limiter, so that a freed slot is taken at once. The
 * limiter bounds the calls, so the extra pairs only wait (within their night's budget).
 */
export function defaultPairConcurrency(slots: number): number {
  return Math.max(2, 2 * Math.floor(slots));
}

/** How long a cut attempt may take to stop after its model calls were aborted before the job is settled. */
const CUT_GRACE_MS = 2_000;

export interface JobEvent {
  queue: NightlyQueueName;
  id: string;
  outcome: 'completed' | 'failed' | 'dead';
  step?: NightlyStep;
  reason?: string;
  /** The pair's night budget ran out (the job failed for good because of it). */
  budgetExceeded?: boolean;
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

  const budgetMs = options.pairBudgetMs ?? DEFAULT_PAIR_BUDGET_SECONDS * 1000;

  const logFailure = (name: NightlyQueueName, job: JobWithMetadata<unknown>, error: NightlyJobError) => {
    if (error.rateLimited) options.limiter?.slowDown(error.rateLimited.retryAfterMs);
    counts.failed++;
    return {
      queue: name,
      jobId: job.id,
      ...(job.data as object),
      step: error.step,
      reason: error.reason,
      attempt: job.retryCount + 1,
    };
  };

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
      const outcome = error.retryable ? 'failed' : 'dead';
      deps.logger.warn('nightly job failed', {
        ...logFailure(name, job, error),
        willRetry: error.retryable && job.retryCount < job.retryLimit,
      });
      options.onJob?.({ queue: name, id: job.id, outcome, step: error.step, reason: error.reason });
      return { id: job.id, status: error.retryable ? 'failed' : 'deadletter', output: error.toOutput() };
    }
  }

  /**
   * One attempt at a pair's night within the night's budget (see `pairBudgetMs`). The failure output
   * carries the budget's start, so that the next attempt - in any worker - continues it.
   */
  async function settlePair(job: JobWithMetadata<PairJobData>): Promise<JobResult> {
    const startMs = Date.now();
    const budget = budgetAtStart(job.output, startMs, budgetMs);
    const retry = {
      retryLimit: job.retryLimit,
      retryDelay: job.retryDelay,
      retryBackoff: job.retryBackoff,
      retryDelayMax: job.retryDelayMax,
    };
    const cut = new AbortController();
    const cutNow = () => cut.abort(new Error('the pair night budget ran out'));
    const left = budget.deadlineMs - startMs;
    if (left <= 0) cutNow();
    const timer = left > 0 ? setTimeout(cutNow, left) : undefined;
    try {
      const lastAttempt = isLastAttempt({
        nowMs: startMs,
        deadlineMs: budget.deadlineMs,
        retryCount: job.retryCount,
        retry,
      });
      const run = runPairNight(deps, job.data, { lastAttempt, signal: cut.signal });
      const output = await settledOrCut(run, cut.signal, CUT_GRACE_MS);
      counts.completed++;
      options.onJob?.({ queue: QUEUES.pair, id: job.id, outcome: 'completed' });
      return { id: job.id, status: 'completed', output };
    } catch (raw) {
      const failedAtMs = Date.now();
      let error = NightlyJobError.from('load', raw);
      const exceeded = cut.signal.aborted;
      if (exceeded) {
        // Cut by the budget: the cause is the last failure of the night, if an attempt failed before.
        const cause = budget.last ?? { step: error.step, reason: BUDGET_EXCEEDED };
        error = new NightlyJobError(cause.step, cause.reason, { retryable: false, report: error.report });
      }
      const decision = exceeded
        ? ({ retry: false, why: 'budget-spent' } as const)
        : afterFailure({
            nowMs: failedAtMs,
            deadlineMs: budget.deadlineMs,
            retryable: error.retryable,
            retryCount: job.retryCount,
            retry,
          });
      const budgetExceeded = !decision.retry && decision.why === 'budget-spent';
      const mark: BudgetMark = {
        startedAt: new Date(budget.startedAtMs).toISOString(),
        budgetMs,
        spentMs: failedAtMs - budget.startedAtMs,
        exceeded: budgetExceeded,
        final: !decision.retry,
      };
      deps.logger.warn('nightly job failed', {
        ...logFailure(QUEUES.pair, job, error),
        willRetry: decision.retry,
        ...(decision.retry ? {} : { final: decision.why }),
        budgetSpentMs: mark.spentMs,
        budgetMs,
      });
      options.onJob?.({
        queue: QUEUES.pair,
        id: job.id,
        outcome: decision.retry ? 'failed' : 'dead',
        step: error.step,
        reason: error.reason,
        ...(budgetExceeded ? { budgetExceeded } : {}),
      });
      const output: PairFailureOutput = {
        ...error.toOutput(),
        failedAt: new Date(failedAtMs).toISOString(),
        budget: mark,
      };
      return { id: job.id, status: decision.retry ? 'failed' : 'deadletter', output };
    } finally {
      clearTimeout(timer);
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
  // One pg-boss worker per pair in flight, each of which asks for its next job as soon as it settled one:
  // pg-boss otherwise waits out the rest of the poll interval after a job shorter than it, and a slot of
  // the fleet's model goes idle while jobs are queued. (A worker that finds the queue empty polls again.)
  for (let i = 0; i < options.concurrency; i++) {
    const self = { id: '' };
    self.id = await boss.work(
      QUEUES.pair,
      { ...polling, localConcurrency: 1 },
      async (jobs: JobWithMetadata<PairJobData>[]) => {
        const results = await Promise.all(jobs.map(settlePair));
        if (self.id && !stopping) boss.notifyWorker(self.id);
        return results;
      },
    );
  }
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

/**
 * What `run` settles with; once `signal` aborts, it has `graceMs` to stop (its model calls were aborted
 * with the signal) before the wait ends with the signal's reason - a step that ignores the signal is left
 * behind rather than holding the job past its budget.
 */
function settledOrCut<T>(run: Promise<T>, signal: AbortSignal, graceMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const cut = new Promise<never>((_, reject) => {
    onAbort = () => {
      timer = setTimeout(() => reject(signal.reason), graceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  run.catch(() => {}); // a run left behind may still fail; nobody waits for it any more
  return Promise.race([run, cut]).finally(() => {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  });
}
