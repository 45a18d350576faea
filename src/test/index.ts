/**
 * @module test
 * The project's test kit (`ipet/test`), for its own tests and for code built on it: a scripted language model
 * that records its calls, an in-memory store that passes the store contract suite, a real PGlite store from a
 * migrated template, a fixed clock and sequential ids, hand-fired timers, a bag-of-words embedder, and
 * fixtures (a user, a pet, a memory, friends, a day, a session).
 */
export { fixedClock, sequentialIds } from '../core/index.ts';
export { tickingClock } from './clock.ts';
export { type FakeEmbedder, fakeEmbedder } from './embedder.ts';
export {
  aDay,
  aMemory,
  aPet,
  aRealisticPetProfile,
  aSession,
  aUser,
  type Seed,
  seed,
  seedConversation,
  someFriends,
} from './fixtures.ts';
export { type MemoryRow, type MemoryStore, memoryStore, type Tables } from './memory-store/index.ts';
export {
  connectionRefused,
  httpError,
  never,
  streamOf,
  textParts,
  textResult,
  usage,
} from './model-parts.ts';
export { openTestStore } from './pglite-template.ts';
export {
  type Answer,
  type ModelCall,
  type ModelScript,
  messagesOf,
  promptOf,
  promptText,
  type ScriptedModel,
  type StreamReply,
  scriptedModel,
  sentText,
} from './scripted-model.ts';
export { type ManualTimer, manualTimer, type RecordingSleep, recordingSleep } from './timers.ts';
