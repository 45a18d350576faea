export type { ChatRepository, TurnClosing, TurnOpening, TurnState } from './chat-repository.ts';
export type { CounterRepository, CounterSample } from './counter-repository.ts';
export type { Embedder, EmbedTags } from './embedder.ts';
export type { EventRepository, ProductEvent, ProductEventKind } from './event-repository.ts';
export type {
  MemoryQuery,
  MemoryRepository,
  MemoryWindow,
  ScoredMemory,
  StoredEmbedding,
} from './memory-repository.ts';
export type { PetMood, PetRepository } from './pet-repository.ts';
export type { ProactiveDecision, ProactiveDelivery, ProactiveRepository } from './proactive-repository.ts';
export type { RateLimitOutcome, RateLimitRepository, RateLimitTake } from './rate-limit-repository.ts';
export type { NewReflectionVersion, ReflectionRepository } from './reflection-repository.ts';
export type { Store } from './store.ts';
export type { TokenRepository, UserToken } from './token-repository.ts';
export type { UsageRepository, UsageSummary } from './usage-repository.ts';
export type { UserRepository } from './user-repository.ts';
export type { FriendRepository, WorldRepository } from './world-repository.ts';
