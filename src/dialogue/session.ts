import type { ChatSession, Logger } from '../core/index.ts';

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
