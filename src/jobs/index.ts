/**
 * @module jobs
 * The nightly batch on a job queue: pg-boss on the store's database (`openNightlyQueue`, given the store's
 * `jobQueueDatabase`), the worker loop that runs nightly's use cases for each job (`startNightlyWorker`),
 * the whole night now (`runNight`), and pacing: a limit on model calls shared by every worker of the fleet
 * (advisory locks on PostgreSQL, in-process on PGlite) that slows down when the model server says 429.
 */
export {
  DEFAULT_JOB_POLICY,
  DEFAULT_TUNING,
  type JobPolicy,
  type NightlyQueue,
  openNightlyQueue,
  type QueuedNightJobs,
  type QueueTuning,
} from './nightly-queue.ts';
export {
  defaultPairConcurrency,
  type JobEvent,
  type NightlyWorker,
  startNightlyWorker,
  type WorkerOptions,
} from './nightly-worker.ts';
export type { FleetLimiter } from './pacing/fleet-limiter.ts';
export { createLocalLimiter } from './pacing/local-limiter.ts';
export { openFleetLimiter } from './pacing/open-fleet-limiter.ts';
export { createPostgresLimiter, type PostgresLimiterOptions } from './pacing/postgres-limiter.ts';
export { type RunNightOptions, runNight } from './run-night.ts';
