import { fromPglite, type JobInsert, type JobWithMetadata, PgBoss } from 'pg-boss';
import type { Logger } from '../core/index.ts';
import {
  jobId,
  type NightlyQueueName,
  type NightPlanQueue,
  type PairJobData,
  pairKey,
  QUEUES,
  type SessionQueue,
  type SweepJobData,
  sessionKey,
  sweepKey,
} from '../nightly/index.ts';
import type { JobQueueDatabase } from '../store/index.ts';

/** Retries, heartbeats and retention of nightly jobs (set on each job when it is queued). */
export interface JobPolicy {
  /** Retries after the first attempt; then the job fails and a copy goes to the dead-letter queue. */
  retryLimit: number;
  /** First retry delay; doubles (with jitter) up to `retryDelayMaxSeconds`. */
  retryDelaySeconds: number;
  retryDelayMaxSeconds: number;
  /** A worker proves it is alive this often; a job whose worker went silent is retried. Min 10. */
  heartbeatSeconds: number;
  /** Longest a job may run. */
  expireInSeconds: number;
  /** How long finished jobs (and their reports, which `ipet nightly status` reads) are kept. */
  keepSeconds: number;
}

export const DEFAULT_JOB_POLICY: JobPolicy = {
  retryLimit: 4,
  retryDelaySeconds: 60,
  retryDelayMaxSeconds: 1800,
  heartbeatSeconds: 30,
  expireInSeconds: 3600,
  keepSeconds: 30 * 86_400,
};

export interface QueueTuning {
  /** How often idle workers look for due jobs (new jobs also wake them through NOTIFY). Default 2. */
  pollSeconds: number;
  /** How often a process checks for jobs whose worker died or timed out. Default 15. */
  superviseSeconds: number;
  /**
   * Run pg-boss maintenance (expiry, heartbeats, retention) and its cron (the plan schedule) in this
   * process. Default true; false for a read-only look (`ipet nightly status`).
   */
  supervise: boolean;
}

export const DEFAULT_TUNING: QueueTuning = { pollSeconds: 2, superviseSeconds: 15, supervise: true };

export type PairJob = JobWithMetadata<PairJobData>;
export type SweepJob = JobWithMetadata<SweepJobData>;

/** The jobs of some nights as pg-boss stores them (nightly's `NightJobs` reads these fields). */
export interface QueuedNightJobs {
  pairs: PairJob[];
  sweeps: SweepJob[];
  /** Dead-letter copies (payload of pair or sweep jobs whose retries ran out). */
  dead: Array<JobWithMetadata<PairJobData | SweepJobData>>;
}

/** The nightly batch's jobs on pg-boss: queueing (the plan's `NightPlanQueue`), reruns and reading them back. */
export interface NightlyQueue extends NightPlanQueue, SessionQueue {
  readonly boss: PgBoss;
  readonly policy: JobPolicy;
  readonly tuning: QueueTuning;
  /** Every job of these dates. */
  jobsOf(dates: readonly string[]): Promise<QueuedNightJobs>;
  /** Moves waiting jobs (deferred, or between retries) to now. */
  startNow(queue: NightlyQueueName, ids: readonly string[]): Promise<void>;
  /** Gives failed jobs another attempt and removes their dead-letter copies. */
  retryFailed(
    queue: NightlyQueueName,
    jobs: ReadonlyArray<{ id: string; data: { date: string } }>,
  ): Promise<void>;
  /**
   * Stops pg-boss: jobs still running after `timeoutMs` (default 30 s) are failed, so that a restarted
   * worker retries them (every step is idempotent).
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * Opens pg-boss on the store's database (`jobQueueDatabase(store)`): its own pool on PostgreSQL, the
 * store's instance on PGlite (pg-boss's `pglite` backend, in-process LISTEN/NOTIFY), and creates the queues.
 */
export async function openNightlyQueue(
  target: { database: JobQueueDatabase; logger: Logger },
  options: { policy?: Partial<JobPolicy>; tuning?: Partial<QueueTuning> } = {},
): Promise<NightlyQueue> {
  const policy = { ...DEFAULT_JOB_POLICY, ...options.policy };
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  if (policy.heartbeatSeconds < 10) throw new RangeError('heartbeatSeconds must be at least 10');
  const common = {
    useListenNotify: !(target.database.kind === 'postgres' && target.database.shared),
    supervise: tuning.supervise,
    schedule: tuning.supervise,
    superviseIntervalSeconds: tuning.superviseSeconds,
    monitorIntervalSeconds: tuning.superviseSeconds,
  };
  const { database, logger } = target;
  const boss =
    database.kind === 'postgres'
      ? new PgBoss({
          ...common,
          connectionString: database.url,
          max: 4,
          application_name: 'ipet-nightly',
        })
      : new PgBoss({ ...common, db: fromPglite(database.pglite), backend: 'pglite' });
  // pg-boss reports database trouble here; its texts hold ids at most, never payload text.
  boss.on('error', (error) => logger.warn('nightly queue error', { error }));
  await boss.start();
  try {
    await boss.createQueue(QUEUES.dead, { policy: 'standard' });
    for (const name of [QUEUES.pair, QUEUES.sweep, QUEUES.session]) {
      await boss.createQueue(name, { policy: 'exclusive', deadLetter: QUEUES.dead, notify: true });
    }
    await boss.createQueue(QUEUES.plan, { policy: 'exclusive', notify: true });
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => {});
    throw error;
  }

  const jobOptions = (queue: NightlyQueueName, key: string, startAfter: Date | undefined) =>
    ({
      id: jobId(queue, key),
      singletonKey: key,
      retryLimit: policy.retryLimit,
      retryDelay: policy.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: policy.retryDelayMaxSeconds,
      heartbeatSeconds: policy.heartbeatSeconds,
      expireInSeconds: policy.expireInSeconds,
      deleteAfterSeconds: policy.keepSeconds,
      retentionSeconds: policy.keepSeconds,
      deadLetter: QUEUES.dead,
      ...(startAfter ? { startAfter } : {}),
    }) satisfies JobInsert;

  return {
    boss,
    policy,
    tuning,
    async addPairs(jobs) {
      let created = 0;
      for (let i = 0; i < jobs.length; i += 500) {
        const batch = jobs.slice(i, i + 500).map(({ startAfter, ...data }) => ({
          ...jobOptions(QUEUES.pair, pairKey(data), startAfter),
          data: { userId: data.userId, petId: data.petId, date: data.date },
        }));
        const ids = await boss.insert(QUEUES.pair, batch, { returnId: true });
        created += ids?.length ?? 0;
      }
      return created;
    },
    async addSessions(jobs) {
      if (jobs.length === 0) return 0;
      const ids = await boss.insert(
        QUEUES.session,
        jobs.map((data) => ({
          ...jobOptions(QUEUES.session, sessionKey(data), undefined),
          data: { userId: data.userId, petId: data.petId, sessionId: data.sessionId },
        })),
        { returnId: true },
      );
      return ids?.length ?? 0;
    },
    async addSweep(date, startAfter) {
      const ids = await boss.insert(
        QUEUES.sweep,
        [{ ...jobOptions(QUEUES.sweep, sweepKey(date), startAfter), data: { date } }],
        { returnId: true },
      );
      return (ids?.length ?? 0) > 0;
    },
    async jobsOf(dates) {
      const found: QueuedNightJobs = { pairs: [], sweeps: [], dead: [] };
      for (const date of new Set(dates)) {
        found.pairs.push(...(await boss.findJobs<PairJobData>(QUEUES.pair, { data: { date } })));
        found.sweeps.push(...(await boss.findJobs<SweepJobData>(QUEUES.sweep, { data: { date } })));
        found.dead.push(
          ...(await boss.findJobs<PairJobData | SweepJobData>(QUEUES.dead, { data: { date } })),
        );
      }
      return found;
    },
    async startNow(queue, ids) {
      for (const id of ids) await boss.update(queue, undefined, { id, startAfter: new Date() });
    },
    async retryFailed(queue, jobs) {
      if (jobs.length === 0) return;
      const wanted = new Set(jobs.map((j) => j.id));
      const dead = [];
      for (const date of new Set(jobs.map((j) => j.data.date))) {
        const copies = await boss.findJobs(QUEUES.dead, { data: { date } });
        dead.push(...copies.filter((j) => j.sourceId && wanted.has(j.sourceId)));
      }
      await boss.retry(queue, [...wanted]);
      if (dead.length > 0) {
        await boss.deleteJob(
          QUEUES.dead,
          dead.map((j) => j.id),
        );
      }
    },
    async close(options = {}) {
      await boss.stop({ graceful: true, timeout: options.timeoutMs ?? 30_000 });
    },
  };
}
