import type { CounterRepository, RateLimitRepository, Store } from '../core/index.ts';
import { createChatRepository } from './chat-repository.ts';
import { createCounterRepository } from './counter-repository.ts';
import { guardErrors } from './database-error.ts';
import type { Engine } from './engine.ts';
import { createEventRepository } from './event-repository.ts';
import { createFriendRepository } from './friend-repository.ts';
import { createMemoryRepository } from './memory-repository.ts';
import type { DenseSearchOptions } from './memory-search.ts';
import { createPetRepository } from './pet-repository.ts';
import { createProactiveRepository } from './proactive-repository.ts';
import { createRateLimitRepository } from './rate-limit-repository.ts';
import { createReflectionRepository } from './reflection-repository.ts';
import type { StatisticsKeeper } from './statistics.ts';
import { createTokenRepository } from './token-repository.ts';
import { createUsageRepository } from './usage-repository.ts';
import { createUserRepository } from './user-repository.ts';
import { createWorldRepository } from './world-repository.ts';

/** Rate limits and counters kept outside the database (Redis), closed with the store. */
export interface ExternalShared {
  limits: RateLimitRepository;
  counters: CounterRepository;
  close(): Promise<void>;
}

/**
 * Binds every repository to one open engine. The same code serves PGlite and PostgreSQL. `statistics` keeps
 * the planner's statistics current as the repositories write (closed before the engine). `shared`: the
 * rate limits and counters live there (Redis) instead of in the database.
 */
export function createStore(
  engine: Engine,
  search: DenseSearchOptions,
  statistics?: StatisticsKeeper,
  shared?: ExternalShared,
): Store {
  const { db } = engine;
  const limits = guardErrors('limits', shared?.limits ?? createRateLimitRepository(db));
  let closed: Promise<void> | null = null;
  return {
    kind: engine.kind,
    location: engine.location,
    users: guardErrors('users', createUserRepository(db)),
    tokens: guardErrors('tokens', createTokenRepository(db)),
    pets: guardErrors('pets', createPetRepository(db)),
    chats: guardErrors('chats', createChatRepository(db, shared ? limits : undefined)),
    memories: guardErrors('memories', createMemoryRepository(db, search, statistics)),
    worlds: guardErrors('worlds', createWorldRepository(db)),
    friends: guardErrors('friends', createFriendRepository(db)),
    usage: guardErrors('usage', createUsageRepository(db)),
    events: guardErrors('events', createEventRepository(db)),
    reflections: guardErrors('reflections', createReflectionRepository(db)),
    proactive: guardErrors('proactive', createProactiveRepository(db)),
    limits,
    counters: guardErrors('counters', shared?.counters ?? createCounterRepository(db)),
    async ping() {
      await engine.query('select 1');
    },
    close() {
      closed ??= (async () => {
        await statistics?.close();
        await shared?.close();
        await engine.close();
      })();
      return closed;
    },
  };
}
