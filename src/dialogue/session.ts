import type { ChatRepository, ChatSession, IdGenerator, Logger } from '../core/index.ts';

export interface SessionChoice {
  session: ChatSession;
  isNew: boolean;
  /** No earlier session with this pet: the user is meeting it for the first time. */
  isFirst: boolean;
  /** The open session this call closed because of the idle gap. */
  closed: ChatSession | null;
}

/**
 * The session a message at `now` belongs to: the open one if its last message is within the idle gap,
 * else a new one (after closing the stale one).
 */
export async function chooseSession(
  deps: { chats: ChatRepository; ids: IdGenerator },
  pair: { userId: string; petId: string },
  now: Date,
  idleGapMs: number,
): Promise<SessionChoice> {
  const latest = await deps.chats.latestSession(pair.userId, pair.petId);
  if (latest && latest.closedAt === null && now.getTime() - latest.lastMessageAt.getTime() < idleGapMs) {
    return { session: latest, isNew: false, isFirst: false, closed: null };
  }
  let closed: ChatSession | null = null;
  if (latest && latest.closedAt === null) {
    await deps.chats.closeSession(latest.id, now);
    closed = { ...latest, closedAt: now };
  }
  const session = await deps.chats.createSession({
    id: deps.ids('ses'),
    userId: pair.userId,
    petId: pair.petId,
    startedAt: now,
    lastMessageAt: now,
    closedAt: null,
    extractedAt: null,
  });
  return { session, isNew: true, isFirst: latest === null, closed };
}

/** Runs the session-closed hook without making the reply wait for it; failures are logged. */
export function notifySessionClosed(
  hook: ((session: ChatSession) => void | Promise<void>) | undefined,
  session: ChatSession,
  logger: Logger,
): void {
  if (!hook) return;
  const report = (error: unknown) =>
    logger.error('session-closed hook failed', { sessionId: session.id, error: error as Error });
  Promise.resolve()
    .then(() => hook(session))
    .catch(report);
}
