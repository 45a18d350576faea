import type { Failure, ModelPurpose, UsageSummary, WorldDay, WorldMode } from '../core/index.ts';
import { addDays, toFailure } from '../core/index.ts';
import { closeAndExtract, recordPetDay, type SessionFailure, sweepMemories } from '../memory/index.ts';
import { type ProactivePlanReport, planProactiveMessages } from '../proactive/index.ts';
import { dayFor } from '../world/index.ts';
import type { NightlyDeps } from './deps.ts';
import { NightlyJobError, type NightlyStep } from './failure.ts';
import type { PairJobData, SweepJobData } from './job-keys.ts';
import { type ReflectStepReport, reflectStep } from './reflect-step.ts';

export interface StepUsage {
  calls: number;
  failures: number;
  inputTokens: number;
  outputTokens: number;
}

export interface ExtractReport {
  ms: number;
  /** Sessions closed because they were idle. */
  closed: number;
  /** Sessions extracted by this run. */
  sessions: number;
  added: number;
  updated: number;
  superseded: number;
  rejected: number;
  /** Sessions whose extraction failed (left for the next run), with their reasons. */
  failed: number;
  reasons: string[];
  usage: StepUsage;
}

export interface PetDayReport {
  /** The day just lived (the job's date minus one). */
  date: string;
  /** Memories added from its items (0 when it was recorded before or not stored). */
  added: number;
}

export interface WorldReport {
  ms: number;
  /** false when the day was already stored (an earlier attempt or run built it). */
  generated: boolean;
  mode: WorldMode | null;
  usage: StepUsage;
}

/** A pair job's output, stored with the job (ids and counters only). */
export interface PairNightReport {
  outcome: 'done' | 'gone';
  /** The world was built although some sessions could not be extracted (last attempt). */
  degraded: boolean;
  ms: number;
  extract: ExtractReport | null;
  /** The pet's memories of the day it has just lived (absent in reports of older versions). */
  petDay?: PetDayReport | null;
  /** The night's reflections, made before the day that reads them (absent in reports of older versions). */
  reflect?: ReflectStepReport | null;
  world: WorldReport | null;
  /** Messages the pet starts on the day built (absent in reports of older versions). */
  proactive?: ProactiveStepReport | null;
}

/** The planning of the day's proactive messages: what it did, or why it failed (the night does not fail). */
export type ProactiveStepReport =
  | (ProactivePlanReport & { ms: number })
  | { outcome: 'failed'; reason: string; ms: number };

export interface PairNightOptions {
  /** The job's last attempt: build the day even if some sessions failed to extract. */
  lastAttempt: boolean;
  /**
   * Cuts the attempt (the pair's night budget ran out): the model calls in flight are aborted, and no
   * further step starts.
   */
  signal?: AbortSignal;
}

const EXTRACT_PURPOSES: readonly ModelPurpose[] = ['memory', 'embed'];
const WORLD_PURPOSES: readonly ModelPurpose[] = ['world'];
const REFLECT_PURPOSES: readonly ModelPurpose[] = ['reflection'];

/**
 * One pair's night: close its idle sessions and extract memories from every closed session not yet
 * extracted, record the day just lived (`date` - 1, when stored) as the pet's own memories, reflect on the
 * last days (nightly, and weekly when a week has passed; a failure degrades, never fails the night), then
 * build its day for `date` (memory mode when it has memories, continuing the reflections). Every step is idempotent,
 * so a retry after a crash redoes only what was not finished: an extracted session is claimed and never
 * extracted again, a stored day is returned without a model call.
 *
 * Extraction failures fail the job (it is retried, and a retry extracts only the sessions left) so that
 * the day is built with every memory; on the last attempt the day is built with what there is.
 */
export async function runPairNight(
  deps: NightlyDeps,
  job: PairJobData,
  options: PairNightOptions,
): Promise<PairNightReport> {
  const started = Date.now();
  // Usage records are stamped with the wall clock (not the injected clock, which IPET_NOW can fix).
  const since = new Date(started);
  const report: PairNightReport = {
    outcome: 'done',
    degraded: false,
    ms: 0,
    extract: null,
    petDay: null,
    reflect: null,
    world: null,
  };
  const fail = async (step: NightlyStep, failure: Failure): Promise<never> => {
    report.ms = Date.now() - started;
    await attachUsage(deps, job, since, report).catch(() => {});
    throw NightlyJobError.fromFailure(step, failure, report);
  };

  let user: Awaited<ReturnType<NightlyDeps['store']['users']['get']>>;
  let pet: Awaited<ReturnType<NightlyDeps['store']['pets']['getOwned']>>;
  try {
    [user, pet] = await Promise.all([
      deps.store.users.get(job.userId),
      deps.store.pets.getOwned(job.userId, job.petId),
    ]);
  } catch (error) {
    return fail('load', toFailure(error));
  }
  if (!user || !pet) {
    // Erased since the job was queued: nothing left to do.
    return { ...report, outcome: 'gone', ms: Date.now() - started };
  }

  const { signal } = options;
  if (signal?.aborted) return fail('extract', abortFailure(signal));
  const extractStarted = Date.now();
  let failures: SessionFailure[];
  try {
    const result = await closeAndExtract(deps.extraction(signal), {
      userId: job.userId,
      petId: job.petId,
      idleMinutes: deps.sessionIdleMinutes,
      now: deps.clock.now(),
      // Before the last attempt, stop at the first failure: the job is retried anyway.
      maxConsecutiveFailures: options.lastAttempt ? 3 : 1,
    });
    report.extract = {
      ms: Date.now() - extractStarted,
      closed: result.closed,
      sessions: result.sessions,
      added: result.added,
      updated: result.updated,
      superseded: result.superseded,
      rejected: result.rejected,
      failed: result.failed,
      reasons: result.failures.map((f) => f.failure.reason),
      usage: zeroUsage(),
    };
    failures = result.failures;
  } catch (error) {
    return fail('extract', toFailure(error));
  }
  // The sessions' own failures decide: the job fails like the last of them (retried, or dead-lettered
  // when that failure cannot heal), and on the last attempt the day is built without them.
  const lastFailure = failures.at(-1);
  if (lastFailure) {
    if (!options.lastAttempt) return fail('extract', lastFailure.failure);
    report.degraded = true;
  }

  // The day just lived becomes the pet's own memories (no model call; a day recorded before is left alone).
  if (signal?.aborted) return fail('pet-day', abortFailure(signal));
  try {
    const lived = addDays(job.date, -1);
    const day = await deps.store.worlds.getDay(job.petId, lived);
    const { added } = day
      ? await recordPetDay(deps.extraction(signal), { day, user, pet, now: deps.clock.now() })
      : { added: 0 };
    report.petDay = { date: lived, added };
  } catch (error) {
    return fail('pet-day', toFailure(error));
  }

  if (deps.reflection && !signal?.aborted) {
    report.reflect = await reflectStep(deps, { user, pet, date: job.date }, signal);
  }

  if (signal?.aborted) return fail('world', abortFailure(signal));
  const worldStarted = Date.now();
  let day: WorldDay;
  try {
    const stored = await deps.store.worlds.getDay(job.petId, job.date);
    day = stored ?? (await dayFor(deps.world(signal), { pet, user, date: job.date }));
    report.world = {
      ms: Date.now() - worldStarted,
      generated: stored === null,
      mode: day.mode,
      usage: zeroUsage(),
    };
  } catch (error) {
    return fail('world', toFailure(error));
  }

  if (deps.proactive && !signal?.aborted) report.proactive = await planStep(deps, { user, pet, day }, signal);

  report.ms = Date.now() - started;
  await attachUsage(deps, job, since, report).catch((error) =>
    deps.logger.warn('nightly: could not read model usage', { userId: job.userId, petId: job.petId, error }),
  );
  return report;
}

/**
 * The messages the pet starts on the day just built (opt-in users only; no model call otherwise). A failure
 * is reported, not thrown: the day matters more than its messages, and a rerun plans a date only once.
 */
async function planStep(
  deps: NightlyDeps,
  input: Parameters<typeof planProactiveMessages>[1],
  signal: AbortSignal | undefined,
): Promise<ProactiveStepReport> {
  const started = Date.now();
  try {
    const planned = await planProactiveMessages(deps.proactive!(signal), input);
    return { ...planned, ms: Date.now() - started };
  } catch (error) {
    const { reason } = toFailure(error);
    deps.logger.warn('nightly: proactive messages not planned', {
      userId: input.user.id,
      petId: input.pet.id,
      reason,
    });
    return { outcome: 'failed', reason, ms: Date.now() - started };
  }
}

/** The failure of an attempt cut by its signal (whatever the steps were doing when it aborted). */
function abortFailure(signal: AbortSignal): Failure {
  return { code: 'aborted', reason: 'aborted', retryable: true, cause: signal.reason };
}

export interface SweepReport {
  removed: number;
  ms: number;
}

/** Removes expired memories of every user: once per night, not per pair. */
export async function runSweep(deps: NightlyDeps, job: SweepJobData): Promise<SweepReport> {
  const started = Date.now();
  try {
    const { removed } = await sweepMemories(deps.store, { now: deps.clock.now() });
    deps.logger.info('nightly: expired memories swept', { date: job.date, removed });
    return { removed, ms: Date.now() - started };
  } catch (error) {
    throw NightlyJobError.from('sweep', error, { ms: Date.now() - started });
  }
}

/** Model calls and tokens per step, from the stored usage records of this pair since the job started. */
async function attachUsage(
  deps: NightlyDeps,
  job: PairJobData,
  since: Date,
  report: PairNightReport,
): Promise<void> {
  await deps.flushUsage();
  const rows = await deps.store.usage.summary({ since, userId: job.userId, petId: job.petId });
  if (report.extract) report.extract.usage = sumUsage(rows, EXTRACT_PURPOSES);
  if (report.world) report.world.usage = sumUsage(rows, WORLD_PURPOSES);
  if (report.reflect) report.reflect.usage = sumUsage(rows, REFLECT_PURPOSES);
}

export function sumUsage(rows: readonly UsageSummary[], purposes: readonly ModelPurpose[]): StepUsage {
  const total = zeroUsage();
  for (const row of rows) {
    if (!purposes.includes(row.purpose)) continue;
    total.calls += row.calls;
    total.failures += row.failures;
    total.inputTokens += row.inputTokens;
    total.outputTokens += row.outputTokens;
  }
  return total;
}

const zeroUsage = (): StepUsage => ({ calls: 0, failures: 0, inputTokens: 0, outputTokens: 0 });
