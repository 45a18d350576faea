import { isValidTimeZone, type Logger, type User } from '../core/index.ts';
import { ensureFriendPool } from '../world/index.ts';
import type { NightlyDeps } from './deps.ts';
import { jobId, type PairJobData, pairKey, QUEUES, sweepKey } from './job-keys.ts';
import { nightDate, runAt } from './schedule.ts';

/** Where the plan puts its jobs: the job queue (pg-boss in `src/jobs`). */
export interface NightPlanQueue {
  /** Queues one job per pair and date; a pair and date queued before (in any state) is left alone. */
  addPairs(jobs: ReadonlyArray<PairJobData & { startAfter?: Date }>): Promise<number>;
  addSweep(date: string, startAfter?: Date): Promise<boolean>;
}

export interface PlanOptions {
  /** The off-peak time of day (HH:MM) in each owner's timezone. */
  at: string;
  /** One date for every pair; by default each owner's next night (see `nightDate`). */
  date?: string;
  /** Only these owners' pets (default: every pet). */
  users?: readonly string[];
  /** Due now rather than at each owner's off-peak time. */
  startNow: boolean;
}

export interface PlannedNight {
  /** Every pair's job (new or queued before). */
  pairs: Array<PairJobData & { id: string }>;
  /** The sweep job of each date. */
  sweeps: Array<{ id: string; date: string }>;
  dates: string[];
  /** Jobs queued by this pass (the others existed). */
  created: number;
}

/**
 * The enqueue pass: one job per (owner, pet) for its night, due at the off-peak time in the owner's
 * timezone (or now), plus one sweep job per date. Idempotent: job ids derive from pair and date, so a
 * second pass (another worker's cron, a rerun) queues nothing twice. The shared friend pool is made
 * here, once, before any day needs it, so that concurrent jobs never generate it side by side.
 */
export async function planNight(
  deps: NightlyDeps,
  queue: NightPlanQueue,
  options: PlanOptions,
): Promise<PlannedNight> {
  const now = deps.clock.now();
  const [users, pets] = await Promise.all([deps.store.users.list(), deps.store.pets.listAll()]);
  const owners = new Map(users.map((u) => [u.id, u]));
  const jobs: Array<PairJobData & { startAfter?: Date }> = [];
  const firstRun = new Map<string, Date>();
  for (const pet of pets) {
    const owner = owners.get(pet.ownerId);
    if (!owner || (options.users && !options.users.includes(owner.id))) continue;
    const timeZone = validZone(deps.logger, owner);
    const date = options.date ?? nightDate(now, timeZone, options.at);
    const startAfter = options.startNow ? undefined : runAt(date, timeZone, options.at);
    jobs.push({ userId: owner.id, petId: pet.id, date, ...(startAfter ? { startAfter } : {}) });
    const first = firstRun.get(date);
    const at = startAfter ?? now;
    if (!first || at < first) firstRun.set(date, at);
  }
  const first = jobs[0] && owners.get(jobs[0].userId);
  if (first) await ensureFriendPool(deps.friendPool(), first.locale);

  const created = await queue.addPairs(jobs);
  const dates = [...firstRun.keys()].sort();
  for (const date of dates) await queue.addSweep(date, options.startNow ? undefined : firstRun.get(date));
  deps.logger.info('nightly: planned', { pairs: jobs.length, created, dates: dates.join(',') });
  return {
    pairs: jobs.map(({ startAfter: _, ...data }) => ({ ...data, id: jobId(QUEUES.pair, pairKey(data)) })),
    sweeps: dates.map((date) => ({ date, id: jobId(QUEUES.sweep, sweepKey(date)) })),
    dates,
    created,
  };
}

function validZone(logger: Logger, user: User): string {
  if (isValidTimeZone(user.timezone)) return user.timezone;
  logger.warn('nightly: unknown timezone, using UTC', { userId: user.id });
  return 'UTC';
}
