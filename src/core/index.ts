/**
 * @module core
 * Domain types, ports and seams shared by the paper's modules, and the structured-call contract
 * (`generateStructured`: a model port in, validated JSON out). No IO of its own here.
 */
export { type Clock, fixedClock, systemClock } from './clock.ts';
export * from './entities.ts';
export * from './errors/index.ts';
export { type IdGenerator, randomIds, sequentialIds } from './ids.ts';
export {
  createJsonLogger,
  type LogFields,
  type Logger,
  type LogLevel,
  redact,
  silentLogger,
} from './logger.ts';
export type * from './ports/index.ts';
export { lastUseIsStale, TOKEN_LAST_USE_INTERVAL_MS } from './ports/token-repository.ts';
export * from './profiles.ts';
export { loadPrompt, type PromptTemplate, quoteData, type RenderOptions, renderPrompt } from './prompt.ts';
export {
  type BucketRate,
  type BucketStep,
  bucketRemaining,
  checkBucketRate,
  emissionIntervalMs,
  takeFromBucket,
} from './rate-bucket.ts';
export {
  type CallTags,
  callSpec,
  DEFAULT_STRUCTURED_MAX_OUTPUT_TOKENS,
  generateStructured,
  type ModelBounds,
  modelBounds,
  type SemanticCheck,
  type SemanticResult,
  type StructuredCall,
  type StructuredCallSpec,
  type StructuredResult,
  tagsToProviderOptions,
  type UncarriedRule,
} from './structured/index.ts';
export { queryTerms, STOP_WORDS, searchTerms, searchWords, segmentWords } from './text.ts';
export * from './time.ts';
export { estimateTokens } from './tokens.ts';
export { describeIssue, describeIssues, formatIssue, formatIssues, parseOrThrow } from './validation.ts';
export { createWaitQueue, mapWithConcurrency, type Sleep, sleep, type WaitQueue } from './wait.ts';
