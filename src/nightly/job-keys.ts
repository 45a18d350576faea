import { createHash } from 'node:crypto';

/** The pg-boss queues of the nightly batch. */
export const QUEUES = {
  /** One job per (user, pet, date): extract memories, then build the day. */
  pair: 'ipet-nightly-pair',
  /** One job per date: remove expired memories (once per night, not per pair). */
  sweep: 'ipet-nightly-sweep',
  /** The enqueue pass run by `ipet worker` on a cron: schedules every pair's next night. */
  plan: 'ipet-nightly-plan',
  /** One job per closed chat session, queued during the day once the session went idle: extract it. */
  session: 'ipet-nightly-session',
  /** Jobs whose retries ran out (a copy of their payload, ids only). */
  dead: 'ipet-nightly-dead',
} as const;

export type NightlyQueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Payloads hold ids and dates only, never text. */
export interface PairJobData {
  userId: string;
  petId: string;
  date: string;
}

export interface SweepJobData {
  date: string;
}

export interface SessionJobData {
  userId: string;
  petId: string;
  sessionId: string;
}

export const sessionKey = (job: SessionJobData): string => `session:${job.sessionId}`;
export const pairKey = (job: PairJobData): string => `${job.userId}:${job.petId}:${job.date}`;
export const sweepKey = (date: string): string => `sweep:${date}`;

/**
 * The job id for a singleton key: a UUID derived from the queue and the key, so that enqueueing the same
 * pair and date twice (two enqueue passes, a rerun, a worker's cron next to `ipet nightly`) hits pg-boss's
 * primary key and creates nothing, also after the first job completed or failed.
 */
export function jobId(queue: NightlyQueueName, key: string): string {
  const hex = createHash('sha256').update(`${queue}\0${key}`).digest('hex');
  // Shaped as a version 8 (custom) RFC 9562 UUID.
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
