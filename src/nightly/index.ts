/**
 * @module nightly
 * The T+1 strategy (paper section 2.4): the expensive work, memory summarisation and world construction,
 * runs once a day at an off-peak hour in each owner's timezone. One pg-boss job per (user, pet, date)
 * closes idle sessions, extracts memories and builds the day; one job per date sweeps expired memories.
 * Jobs are idempotent, retried with backoff, dead-lettered when their retries run out, and served by any
 * number of worker processes whose model calls share a fleet-wide limit.
 */
export { failureReason, NightlyJobError, type NightlyStep } from './failure.ts';
export {
  jobId,
  type NightlyQueueName,
  type PairJobData,
  pairKey,
  QUEUES,
  type SweepJobData,
  sweepKey,
} from './job-keys.ts';
export {
  type ExtractReport,
  type PairNightOptions,
  type PairNightReport,
  runPairNight,
  runSweep,
  type StepUsage,
  type SweepReport,
  type WorldReport,
} from './night-steps.ts';
export type { FleetLimiter } from './pacing/fleet-limiter.ts';
export { createLocalLimiter } from './pacing/local-limiter.ts';
export { openFleetLimiter } from './pacing/open-fleet-limiter.ts';
export { createPostgresLimiter, type PostgresLimiterOptions } from './pacing/postgres-limiter.ts';
export { watchRateLimits } from './pacing/rate-limit-watch.ts';
export { type PlannedNight, type PlanOptions, planNight } from './plan.ts';
export {
  DEFAULT_JOB_POLICY,
  DEFAULT_TUNING,
  type JobPolicy,
  type NightJobs,
  type NightlyQueue,
  openNightlyQueue,
  type QueueTuning,
} from './queue.ts';
export { type RunNightOptions, runNight } from './run-night.ts';
export { DEFAULT_NIGHTLY_TIME, nightDate, parseNightlyTime, runAt } from './schedule.ts';
export { type NightFailure, type NightStatus, type StepTotals, summarizeNight } from './status.ts';
export { type JobEvent, type NightlyWorker, startNightlyWorker, type WorkerOptions } from './worker.ts';
