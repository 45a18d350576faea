export type { ChatRepository } from './chat-repository.ts';
export type { Embedder, EmbedTags } from './embedder.ts';
export type { MemoryQuery, MemoryRepository, ScoredMemory, StoredEmbedding } from './memory-repository.ts';
export type { PetMood, PetRepository } from './pet-repository.ts';
export type { Store } from './store.ts';
export type { TokenRepository, UserToken } from './token-repository.ts';
export type { UsageRepository, UsageSummary } from './usage-repository.ts';
export type { UserRepository } from './user-repository.ts';
export type { FriendRepository, WorldRepository } from './world-repository.ts';
