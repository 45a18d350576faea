/**
 * @module llm
 * Models behind the AI SDK. The rest of ipet sees a `LanguageModelV3` and an `Embedder` and never the
 * backend (an OpenAI-compatible server or a local GGUF file). Retries, timeouts, concurrency limits, the
 * circuit breaker and usage accounting are middleware around the model; callers pass `maxRetries: 0` to
 * AI SDK calls and tag them with `providerOptions.ipet` (see `generateStructured` in core).
 */
export { createModels, type ModelsDeps, type ModelsHandle } from './create-models.ts';
export {
  createLexicalEmbedder,
  LEXICAL_DIMENSIONS,
  LEXICAL_EMBEDDER_ID,
  lexicalVector,
} from './embedding/lexical-embedder.ts';
export {
  type ChooseEmbeddingOptions,
  chooseLocalEmbedding,
  type EmbeddingChoice,
  type EmbeddingChoiceStatus,
} from './local/choose-embedding.ts';
export {
  DEFAULT_LOCAL_EMBEDDING_MODEL,
  DEFAULT_LOCAL_LANGUAGE_MODEL,
  DEFAULT_LOCAL_MODEL_SIZES,
} from './local/default-models.ts';
export {
  DOWNLOAD_FAILURES_FILE,
  type DownloadFailure,
  forgetStaleDownloadFailures,
} from './local/download-failures.ts';
export type { DownloadProgress } from './local/resolve-model-file.ts';
export { embedderWithAbortSignal, withAbortSignal } from './middleware/abort-signal.ts';
export { embeddingSpaceId, languageModelId } from './model-ids.ts';
export type { CircuitSnapshot, CircuitState } from './policy/circuit-breaker.ts';
export { createSemaphore, type Limiter, type Semaphore } from './policy/semaphore.ts';
export {
  createUsageCounters,
  type UsageCounter,
  type UsageCounters,
  type UsageSnapshot,
} from './policy/usage-counters.ts';
export type { EmbeddingProbeEntry, ProbeEntry, ProbeReport } from './probe/probe.ts';
export {
  type EndpointFailure,
  type EndpointTest,
  type EndpointTestDeps,
  testLanguageEndpoint,
} from './probe/test-endpoint.ts';
export {
  defaultLimits,
  type EmbeddingSettings,
  type LanguageSettings,
  type LocalEmbeddingSettings,
  type LocalLanguageSettings,
  type ModelLimits,
  type ModelSettings,
  type OpenAICompatibleEmbeddingSettings,
  type OpenAICompatibleLanguageSettings,
  resolveLimits,
} from './settings.ts';
