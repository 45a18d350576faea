import type { ChatRepository, ChatSession, Failure } from '../core/index.ts';
import { toFailure, ValidationError } from '../core/index.ts';
import { type ExtractionCounts, type ExtractionDeps, extractSession } from './extract.ts';

export interface CloseAndExtractDeps extends ExtractionDeps {
  chats: Pick<ChatRepository, 'closeIdleSessions' | 'sessionsToExtract' | 'markExtracted' | 'listMessages'>;
}

export interface CloseAndExtractRequest {
  /** Limit to one user (and, with `petId`, one pair). */
  userId?: string;
  petId?: string;
  /** Open sessions without a message for this long are closed first. */
  idleMinutes: number;
  now: Date;
  /** Close every open session of the pair (needs userId and petId), idle or not. */
  force?: boolean;
  /** Stop after this many sessions fail in a row (the model is probably down). Default 3. */
  maxConsecutiveFailures?: number;
}

export interface CloseAndExtractResult extends ExtractionCounts {
  /** Sessions closed by this run. */
  closed: number;
  /** Sessions extracted by this run. */
  sessions: number;
  /** Sessions whose extraction failed; they stay unextracted and are retried by the next run. */
  failed: number;
  /** Why each of them failed, in order: the kind (retryable or not) and the error, for callers to decide on. */
  failures: SessionFailure[];
  /** Sessions not attempted because too many failed in a row. */
  remaining: number;
}

export interface SessionFailure {
  sessionId: string;
  failure: Failure;
}

/**
 * Closes idle sessions, then extracts every closed session not yet extracted, oldest first, one at a time.
 * Called by `ipet memories extract` and the nightly job, never inside a chat turn. Safe to run concurrently
 * with itself: each session's memories are written by exactly one run (see `extractSession`).
 */
export async function closeAndExtract(
  deps: CloseAndExtractDeps,
  req: CloseAndExtractRequest,
): Promise<CloseAndExtractResult> {
  if (req.force && !(req.userId && req.petId)) {
    throw new ValidationError('forcing sessions closed needs a user and a pet', [
      { path: 'petId', message: 'is required with force' },
    ]);
  }
  if (!Number.isFinite(req.idleMinutes) || req.idleMinutes < 0) {
    throw new ValidationError('idleMinutes must be a number >= 0', [
      { path: 'idleMinutes', message: 'must be >= 0' },
    ]);
  }
  const pair = req.userId && req.petId ? { userId: req.userId, petId: req.petId } : undefined;
  const idleBefore = req.force
    ? new Date(req.now.getTime() + 1)
    : new Date(req.now.getTime() - req.idleMinutes * 60_000);
  const closed = await deps.chats.closeIdleSessions(idleBefore, req.now, pair);

  const mine = (s: ChatSession) =>
    (req.userId === undefined || s.userId === req.userId) &&
    (req.petId === undefined || s.petId === req.petId);
  const pending = (await deps.chats.sessionsToExtract(pair)).filter(mine);

  const result: CloseAndExtractResult = {
    closed: closed.length,
    sessions: 0,
    added: 0,
    updated: 0,
    superseded: 0,
    rejected: 0,
    failed: 0,
    failures: [],
    remaining: 0,
  };
  const ensureIndex = once(async () =>
    deps.memories.ensureVectorIndex(deps.embedder.id, await deps.embedder.dimensions()),
  );
  const maxFailures = req.maxConsecutiveFailures ?? 3;
  let inARow = 0;
  for (const [i, session] of pending.entries()) {
    if (inARow >= maxFailures) {
      result.remaining = pending.length - i;
      deps.logger.warn('memory extraction stopped after repeated failures', {
        failed: result.failed,
        remaining: result.remaining,
      });
      break;
    }
    try {
      const counts = await extractSession(deps, session, { now: req.now, ensureIndex });
      inARow = 0;
      if (!counts) continue;
      result.sessions++;
      result.added += counts.added;
      result.updated += counts.updated;
      result.superseded += counts.superseded;
      result.rejected += counts.rejected;
    } catch (error) {
      inARow++;
      result.failed++;
      result.failures.push({ sessionId: session.id, failure: toFailure(error) });
      deps.logger.error('memory extraction failed', {
        sessionId: session.id,
        userId: session.userId,
        petId: session.petId,
        error: error instanceof Error ? error : String(error),
      });
    }
  }
  return result;
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= fn().catch((error: unknown) => {
      running = undefined;
      throw error;
    });
    return running;
  };
}
