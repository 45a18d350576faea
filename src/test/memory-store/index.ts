import type { Store } from '../../core/index.ts';
import { chatRepository } from './chats.ts';
import { proactiveRepository, reflectionRepository } from './life.ts';
import { counterRepository, rateLimitRepository } from './limits.ts';
import { memoryRepository } from './memories.ts';
import { petRepository } from './pets.ts';
import { eventRepository, usageRepository } from './records.ts';
import { createTables, type Tables } from './tables.ts';
import { tokenRepository, userRepository } from './users.ts';
import { friendRepository, worldRepository } from './worlds.ts';

export type { EventRow, MemoryRow, Tables, UsageRow } from './tables.ts';

/** A store whose tables live in this process: for tests of code that takes the store's ports. */
export interface MemoryStore extends Store {
  readonly kind: 'memory';
  /** The rows, for assertions on what was written (read them; write through the ports). */
  readonly tables: Readonly<Tables>;
}

/**
 * An empty in-memory store. It passes the same contract suite as PGlite and PostgreSQL (see
 * `src/store/memory-store.int.test.ts`): the same ordering, ownership checks, references between rows (an
 * unknown pet is a NotFoundError), cascades on delete and constraint failures. Full-text ranking is an
 * approximation of PostgreSQL's, and dense search is always exact. After `close`, every call fails.
 */
export function memoryStore(): MemoryStore {
  const tables = createTables();
  let closed = false;
  const open = <T extends object>(repository: T): T => {
    const guarded: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(repository)) {
      guarded[name] =
        typeof member === 'function'
          ? (...args: unknown[]) => {
              if (closed) return Promise.reject(new Error(`in-memory store is closed (${name})`));
              return member(...args);
            }
          : member;
    }
    return guarded as T;
  };
  const limits = open(rateLimitRepository(tables));
  return {
    kind: 'memory',
    location: 'memory',
    tables,
    users: open(userRepository(tables)),
    tokens: open(tokenRepository(tables)),
    pets: open(petRepository(tables)),
    chats: open(chatRepository(tables, limits)),
    memories: open(memoryRepository(tables)),
    worlds: open(worldRepository(tables)),
    friends: open(friendRepository(tables)),
    usage: open(usageRepository(tables)),
    events: open(eventRepository(tables)),
    reflections: open(reflectionRepository(tables)),
    proactive: open(proactiveRepository(tables)),
    limits,
    counters: open(counterRepository(tables)),
    async ping() {
      if (closed) throw new Error('in-memory store is closed');
    },
    async close() {
      closed = true;
    },
  };
}
