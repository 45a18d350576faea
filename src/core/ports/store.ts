import type { ChatRepository } from './chat-repository.ts';
import type { CounterRepository } from './counter-repository.ts';
import type { EventRepository } from './event-repository.ts';
import type { MemoryRepository } from './memory-repository.ts';
import type { PetRepository } from './pet-repository.ts';
import type { ProactiveRepository } from './proactive-repository.ts';
import type { RateLimitRepository } from './rate-limit-repository.ts';
import type { ReflectionRepository } from './reflection-repository.ts';
import type { TokenRepository } from './token-repository.ts';
import type { UsageRepository } from './usage-repository.ts';
import type { UserRepository } from './user-repository.ts';
import type { FriendRepository, WorldRepository } from './world-repository.ts';

/** The repositories of one database, bundled. Each is a small port; domain code takes only what it needs. */
export interface Store {
  /** `memory`: the test kit's in-memory store (`ipet/test`). */
  readonly kind: 'pglite' | 'postgres' | 'memory';
  /** Where the data lives, without secrets (`~/.ipet/db`, `postgres://host:5432/db`). */
  readonly location: string;
  readonly users: UserRepository;
  readonly tokens: TokenRepository;
  readonly pets: PetRepository;
  readonly chats: ChatRepository;
  readonly memories: MemoryRepository;
  readonly worlds: WorldRepository;
  readonly friends: FriendRepository;
  readonly usage: UsageRepository;
  readonly events: EventRepository;
  readonly reflections: ReflectionRepository;
  /** Messages the pet starts. */
  readonly proactive: ProactiveRepository;
  /** Rate limits shared by every process on this store (or on Redis when one is configured). */
  readonly limits: RateLimitRepository;
  /** `/metrics` counters shared by every process on this store (or on Redis when one is configured). */
  readonly counters: CounterRepository;
  /** Round trip to the database; throws when it is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
