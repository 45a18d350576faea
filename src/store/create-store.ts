import type { Store } from '../core/index.ts';
import { createChatRepository } from './chat-repository.ts';
import { guardErrors } from './database-error.ts';
import type { Engine } from './engine.ts';
import { createEventRepository } from './event-repository.ts';
import { createFriendRepository } from './friend-repository.ts';
import { createMemoryRepository } from './memory-repository.ts';
import type { DenseSearchOptions } from './memory-search.ts';
import { createPetRepository } from './pet-repository.ts';
import { createProactiveRepository } from './proactive-repository.ts';
import { createReflectionRepository } from './reflection-repository.ts';
import type { StatisticsKeeper } from './statistics.ts';
import { createTokenRepository } from './token-repository.ts';
import { createUsageRepository } from './usage-repository.ts';
import { createUserRepository } from './user-repository.ts';
import { createWorldRepository } from './world-repository.ts';

/**
 * Binds every repository to one open engine. The same code serves PGlite and PostgreSQL. `statistics` keeps
 * the planner's statistics current as the repositories write (closed before the engine).
 */
export function createStore(
  engine: Engine,
  search: DenseSearchOptions,
  statistics?: StatisticsKeeper,
): Store {
  const { db } = engine;
  let closed: Promise<void> | null = null;
  return {
    kind: engine.kind,
    location: engine.location,
    users: guardErrors('users', createUserRepository(db)),
    tokens: guardErrors('tokens', createTokenRepository(db)),
    pets: guardErrors('pets', createPetRepository(db)),
    chats: guardErrors('chats', createChatRepository(db)),
    memories: guardErrors('memories', createMemoryRepository(db, search, statistics)),
    worlds: guardErrors('worlds', createWorldRepository(db)),
    friends: guardErrors('friends', createFriendRepository(db)),
    usage: guardErrors('usage', createUsageRepository(db)),
    events: guardErrors('events', createEventRepository(db)),
    reflections: guardErrors('reflections', createReflectionRepository(db)),
    proactive: guardErrors('proactive', createProactiveRepository(db)),
    async ping() {
      await engine.query('select 1');
    },
    close() {
      closed ??= (async () => {
        await statistics?.close();
        await engine.close();
      })();
      return closed;
    },
  };
}
