import type { ProactiveMessage } from '../core/index.ts';

/**
 * Messages delivered by this process, handed at once to the event streams it holds (the server's
 * `GET /api/v1/events`). Streams also poll the store, so a message another process delivered still arrives;
 * the feed only makes the common single-process case immediate.
 */
export interface ProactiveFeed {
  publish(messages: readonly ProactiveMessage[]): void;
  /** Calls `listener` with the user's delivered messages; returns the unsubscribe function. */
  subscribe(userId: string, listener: (message: ProactiveMessage) => void): () => void;
}

export function createProactiveFeed(): ProactiveFeed {
  const listeners = new Map<string, Set<(message: ProactiveMessage) => void>>();
  return {
    publish(messages) {
      for (const message of messages) {
        for (const listener of listeners.get(message.userId) ?? []) {
          try {
            listener(message);
          } catch {
            // A listener's failure (a closed stream) is the listener's; the others still hear.
          }
        }
      }
    },
    subscribe(userId, listener) {
      let set = listeners.get(userId);
      if (!set) {
        set = new Set();
        listeners.set(userId, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(userId);
      };
    },
  };
}
