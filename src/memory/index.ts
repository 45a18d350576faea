/**
 * @module memory
 * The paper's memory module (section 2.2): collection (extract memories from closed sessions), management
 * (tiers, retention, merge and supersede, sweep, import, user control, re-embedding) and utilisation
 * (hybrid retrieval for dialogue, recent entries for world simulation), and the nightly reflections
 * distilled from the pet's and the user's recent memories (`reflectNight`).
 */
export { memoryCallSpecs } from './call-specs.ts';
export {
  type CloseAndExtractDeps,
  type CloseAndExtractRequest,
  type CloseAndExtractResult,
  closeAndExtract,
  type SessionFailure,
} from './close-and-extract.ts';
export {
  deleteAllMemories,
  deleteMemory,
  exportMemories,
  listMemories,
  type MemoryRecord,
  type MemoryStatus,
  memoryStatus,
} from './control.ts';
export { type ExtractionCounts, type ExtractionDeps, extractSession } from './extract.ts';
export {
  DEFAULT_FUSION,
  type FusionOptions,
  fuseRankings,
  OFFLINE_EMBEDDER_FUSION,
  type RetrievedMemory,
} from './fusion.ts';
export { type ImportDeps, type ImportRequest, type ImportResult, importMemories } from './import.ts';
export { type ReindexResult, reindex, sweepMemories } from './maintenance.ts';
export { type PetDayDeps, petDayMemories, petDayMemoryId, recordPetDay } from './pet-day.ts';
export { isPrivilegedWrite } from './privileged-write.ts';
export {
  type NightReflections,
  type ReflectDeps,
  type ReflectInput,
  type ReflectOutcome,
  type ReflectResult,
  reflectNight,
  WINDOW_DAYS,
} from './reflection/index.ts';
export { DEFAULT_RETENTION, expiryFor, type RetentionPolicy } from './retention.ts';
export { retrieveDense, retrieveLexical, type SingleModeRequest } from './retrieval-modes.ts';
export {
  type MemoriesByTier,
  type MemorySearchHit,
  PERIOD_MEMORIES,
  type RetrievalDeps,
  type RetrievalRequest,
  recentForWorld,
  retrieveForDialogue,
  searchMemories,
} from './retrieve.ts';
export { pastPeriodIn, type RecallPeriod } from './when.ts';
