import { closeAndExtract } from '../memory/index.ts';
import type { NightlyDeps } from './deps.ts';
import { NightlyJobError } from './failure.ts';
import type { SessionJobData } from './job-keys.ts';

/** Where the idle pass queues one extraction job per closed session. */
export interface SessionQueue {
  /** Queues one job per session; a session queued before (in any state) is left alone. */
  addSessions(jobs: readonly SessionJobData[]): Promise<number>;
}

export interface IdleSessionsReport {
  /** Sessions this pass closed because nobody wrote for the idle gap. */
  closed: number;
  /** Closed sessions waiting for extraction (new jobs or queued before). */
  sessions: number;
  /** Jobs this pass queued. */
  queued: number;
}

/**
 * The day-time half of T+1: sessions close once nobody wrote for the idle gap (not when the next message
 * arrives), and each closed session not yet extracted gets an extraction job. Run on a timer by the
 * worker (`ipet up`, `ipet serve`, `ipet worker`); idempotent (job ids derive from the session).
 */
export async function planIdleSessions(deps: NightlyDeps, queue: SessionQueue): Promise<IdleSessionsReport> {
  const now = deps.clock.now();
  const { chats } = deps.extraction();
  const idleBefore = new Date(now.getTime() - deps.sessionIdleMinutes * 60_000);
  const closed = await chats.closeIdleSessions(idleBefore, now);
  const waiting = await chats.sessionsToExtract();
  const queued =
    waiting.length === 0
      ? 0
      : await queue.addSessions(waiting.map((s) => ({ userId: s.userId, petId: s.petId, sessionId: s.id })));
  if (closed.length > 0 || queued > 0) {
    deps.logger.info('nightly: idle sessions', { closed: closed.length, queued });
  }
  return { closed: closed.length, sessions: waiting.length, queued };
}

export interface SessionExtractReport {
  sessions: number;
  added: number;
  updated: number;
}

/**
 * One session job: extracts the pair's closed sessions (the one queued, and any other still waiting;
 * each session is claimed once, so concurrent jobs never extract one twice). A failed extraction fails
 * the job with its typed failure, so the queue retries it or dead-letters it when retrying cannot help.
 */
export async function runSessionExtract(
  deps: NightlyDeps,
  job: SessionJobData,
): Promise<SessionExtractReport> {
  const result = await closeAndExtract(deps.extraction(), {
    userId: job.userId,
    petId: job.petId,
    idleMinutes: deps.sessionIdleMinutes,
    now: deps.clock.now(),
    maxConsecutiveFailures: 1,
  });
  await deps.flushUsage();
  const report = { sessions: result.sessions, added: result.added, updated: result.updated };
  const last = result.failures.at(-1);
  if (last) throw NightlyJobError.fromFailure('extract', last.failure, report);
  return report;
}
