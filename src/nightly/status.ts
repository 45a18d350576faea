import { failureOutputOf, type PairFailureOutput } from './budget.ts';
import type { PairJobData, SweepJobData } from './job-keys.ts';
import type { PairNightReport, StepUsage, SweepReport } from './night-steps.ts';

/** A queued job as the status reads it (the job queue's rows have these fields). */
export interface NightJob<T> {
  id: string;
  data: T;
  /** `created`, `retry`, `active`, `completed`, `cancelled` or `failed`. */
  state: string;
  startAfter: Date;
  startedOn: Date | null;
  completedOn: Date | null;
  retryCount: number;
  /** The job's report, or its failure (step, reason, report so far). */
  output: unknown;
}

/** The jobs of some nights, read back from the queue. */
export interface NightJobs {
  pairs: NightJob<PairJobData>[];
  sweeps: NightJob<SweepJobData>[];
  /** Dead-letter copies (payload of pair or sweep jobs whose retries ran out), with their job's id. */
  dead: Array<NightJob<PairJobData | SweepJobData> & { sourceId: string | null }>;
}

export interface StepTotals extends StepUsage {
  /** Summed step durations. */
  ms: number;
}

export interface NightFailure {
  userId: string | null;
  petId: string | null;
  date: string;
  /**
   * `failed` (for good: retries or the night's budget ran out, or a failure that cannot heal), `retry`
   * (will be tried again) or `active` (being tried again after this failure).
   */
  state: string;
  step: string;
  /** The failure's reason code (`model_output_invalid:world`, `budget_exceeded`...). */
  reason: string;
  attempts: number;
  /** The pair's night budget ran out (the reason is the last failure before it did). */
  budgetExceeded: boolean;
  /** When it failed (ISO), when the job says. */
  failedAt: string | null;
}

/** Where a night stands, from its jobs and the reports they stored (`ipet nightly status`). */
export interface NightStatus {
  dates: string[];
  pairs: number;
  /** Queued for a later start (the owner's off-peak time). */
  deferred: number;
  /** Due, waiting for a worker. */
  queued: number;
  active: number;
  /** Failed at least once, waiting for their next attempt. */
  retrying: number;
  succeeded: number;
  failed: number;
  /** Copies in the dead-letter queue. */
  dead: number;
  /** Succeeded with sessions left unextracted (last attempt). */
  degraded: number;
  /** Days built by this night (not found stored). */
  daysGenerated: number;
  sessionsExtracted: number;
  memoriesAdded: number;
  sweep: { state: string; removed: number | null } | null;
  steps: { extract: StepTotals; world: StepTotals; reflect: StepTotals };
  calls: number;
  inputTokens: number;
  outputTokens: number;
  startedAt: string | null;
  finishedAt: string | null;
  /** From the first start to the last finish. */
  durationMs: number | null;
  failures: NightFailure[];
  /** The most recent of `failures` (by `failedAt`; the progress display shows its cause). */
  lastFailure: NightFailure | null;
  /** Every job finished (succeeded or failed for good). */
  settled: boolean;
}

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/** Summarises the jobs of a night; `only` limits it to some job ids (one run's). */
export function summarizeNight(
  dates: readonly string[],
  jobs: NightJobs,
  now: Date,
  only?: ReadonlySet<string>,
): NightStatus {
  const mine = <T extends { id: string }>(list: T[]) => (only ? list.filter((j) => only.has(j.id)) : list);
  const pairs = mine(jobs.pairs);
  const sweeps = mine(jobs.sweeps);
  const pairIds = new Set(pairs.map((j) => j.id));
  const sweepIds = new Set(sweeps.map((j) => j.id));
  const status: NightStatus = {
    dates: [...dates],
    pairs: pairs.length,
    deferred: 0,
    queued: 0,
    active: 0,
    retrying: 0,
    succeeded: 0,
    failed: 0,
    dead: jobs.dead.filter((d) => (d.sourceId ? pairIds.has(d.sourceId) || sweepIds.has(d.sourceId) : !only))
      .length,
    degraded: 0,
    daysGenerated: 0,
    sessionsExtracted: 0,
    memoriesAdded: 0,
    sweep: null,
    steps: { extract: zero(), world: zero(), reflect: zero() },
    calls: 0,
    inputTokens: 0,
    outputTokens: 0,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    failures: [],
    lastFailure: null,
    settled: true,
  };
  let first: number | null = null;
  let last: number | null = null;
  const span = (job: NightJob<unknown>) => {
    if (job.startedOn) first = Math.min(first ?? Infinity, new Date(job.startedOn).getTime());
    if (job.completedOn) last = Math.max(last ?? 0, new Date(job.completedOn).getTime());
  };

  for (const job of pairs) {
    if (!FINISHED.has(job.state)) status.settled = false;
    switch (job.state) {
      case 'created':
        if (new Date(job.startAfter) > now) status.deferred++;
        else status.queued++;
        break;
      case 'retry':
        status.retrying++;
        break;
      case 'active':
        status.active++;
        break;
      case 'completed':
        status.succeeded++;
        break;
      default:
        status.failed++;
    }
    span(job);
    if (job.state === 'completed') addReport(status, job.output as Partial<PairNightReport> | null);
    else if (job.state === 'failed' || job.state === 'retry' || job.state === 'cancelled') {
      const output = failureOutputOf(job.output);
      if (output?.report) addReport(status, output.report as PairNightReport);
      if (output || job.state !== 'retry') {
        status.failures.push(failureOf(job, output));
      }
    } else if (job.state === 'active') {
      // On another attempt after a failure: the pair is failing, with that failure's cause so far.
      const output = failureOutputOf(job.output);
      if (output) status.failures.push(failureOf(job, output));
    }
  }
  for (const job of sweeps) {
    if (!FINISHED.has(job.state)) status.settled = false;
    span(job);
    const removed =
      job.state === 'completed' ? ((job.output as Partial<SweepReport>)?.removed ?? null) : null;
    status.sweep = {
      state: status.sweep && status.sweep.state !== job.state ? 'mixed' : job.state,
      removed: removed === null ? (status.sweep?.removed ?? null) : (status.sweep?.removed ?? 0) + removed,
    };
    if (job.state === 'failed') status.failures.push(failureOf(job, failureOutputOf(job.output)));
  }
  for (const failure of status.failures) {
    if (failure.failedAt && failure.failedAt >= (status.lastFailure?.failedAt ?? '')) {
      status.lastFailure = failure;
    }
  }
  for (const step of [status.steps.extract, status.steps.world, status.steps.reflect]) {
    status.calls += step.calls;
    status.inputTokens += step.inputTokens;
    status.outputTokens += step.outputTokens;
  }
  if (first !== null) status.startedAt = new Date(first).toISOString();
  if (last !== null) status.finishedAt = new Date(last).toISOString();
  if (first !== null && last !== null) status.durationMs = Math.max(0, last - first);
  return status;
}

function addReport(status: NightStatus, report: Partial<PairNightReport> | null): void {
  if (!report) return;
  if (report.degraded) status.degraded++;
  if (report.extract) {
    add(status.steps.extract, report.extract.usage, report.extract.ms);
    status.sessionsExtracted += report.extract.sessions;
    status.memoriesAdded += report.extract.added;
  }
  if (report.reflect) add(status.steps.reflect, report.reflect.usage, report.reflect.ms);
  if (report.world) {
    add(status.steps.world, report.world.usage, report.world.ms);
    if (report.world.generated) status.daysGenerated++;
  }
}

function failureOf(
  job: NightJob<PairJobData | SweepJobData>,
  output: PairFailureOutput | null,
): NightFailure {
  const data = job.data as Partial<PairJobData> & SweepJobData;
  return {
    userId: data.userId ?? null,
    petId: data.petId ?? null,
    date: data.date,
    state: job.state,
    step: output?.step ?? 'unknown',
    reason: output?.reason ?? (job.state === 'failed' ? 'expired-or-lost' : 'unknown'),
    // An active job is on the attempt after the failure.
    attempts: job.retryCount + (job.state === 'active' ? 0 : 1),
    budgetExceeded: output?.budget?.exceeded ?? false,
    failedAt: output?.failedAt ?? null,
  };
}

const zero = (): StepTotals => ({ calls: 0, failures: 0, inputTokens: 0, outputTokens: 0, ms: 0 });

function add(total: StepTotals, usage: StepUsage | undefined, ms: number): void {
  total.ms += ms;
  if (!usage) return;
  total.calls += usage.calls;
  total.failures += usage.failures;
  total.inputTokens += usage.inputTokens;
  total.outputTokens += usage.outputTokens;
}
