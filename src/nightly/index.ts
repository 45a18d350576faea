/**
 * @module nightly
 * The T+1 strategy (paper section 2.4): the expensive work, memory summarisation and world construction,
 * runs once a day at an off-peak hour in each owner's timezone. The use cases: the plan (one job per
 * (user, pet, date) and one sweep per date, due at the off-peak time), one pair's night (close idle
 * sessions, extract memories, build the day; idempotent steps), the sweep, and the night's status read
 * back from the jobs. They receive their dependencies (`NightlyDeps`, built by `src/app`); the job queue,
 * the workers and the fleet-wide pacing of model calls are the jobs adapter's (`src/jobs`).
 */
export {
  type AfterFailure,
  afterFailure,
  BUDGET_EXCEEDED,
  type BudgetMark,
  type BudgetStart,
  budgetAtStart,
  DEFAULT_PAIR_BUDGET_SECONDS,
  failureOutputOf,
  isLastAttempt,
  maxRetryDelayMs,
  type PairFailureOutput,
  type RetrySettings,
} from './budget.ts';
export type { NightlyDeps } from './deps.ts';
export { failureReason, NightlyJobError, type NightlyStep, rateLimitOf } from './failure.ts';
export {
  type IdleSessionsReport,
  planIdleSessions,
  runSessionExtract,
  type SessionExtractReport,
  type SessionQueue,
} from './idle-sessions.ts';
export {
  jobId,
  type NightlyQueueName,
  type PairJobData,
  pairKey,
  QUEUES,
  type SessionJobData,
  type SweepJobData,
  sessionKey,
  sweepKey,
} from './job-keys.ts';
export {
  type ExtractReport,
  type PairNightOptions,
  type PairNightReport,
  type ProactiveStepReport,
  runPairNight,
  runSweep,
  type StepUsage,
  type SweepReport,
  type WorldReport,
} from './night-steps.ts';
export { type NightPlanQueue, type PlannedNight, type PlanOptions, planNight } from './plan.ts';
export { DEFAULT_NIGHTLY_TIME, nightDate, parseNightlyTime, runAt } from './schedule.ts';
export {
  type NightFailure,
  type NightJob,
  type NightJobs,
  type NightStatus,
  type StepTotals,
  summarizeNight,
} from './status.ts';
