/**
 * @module app
 * The composition root: the only place that reads the environment (`loadConfig`) and wires the modules
 * together (`openRuntime` builds the store, models, clock, ids and logger; `services.ts` builds each use
 * case's dependencies from the runtime). The CLI and the server import it through this file.
 */
export {
  type ConfigOverrides,
  DEFAULT_EXPERIMENT_SALT,
  describeConfig,
  type EmbeddingConfig,
  type Env,
  type ExperimentConfig,
  type IpetConfig,
  type LanguageModelConfig,
  loadConfig,
  redactUrl,
  type StoreConfig,
} from './config.ts';
export type { CounterBuffer } from './counter-buffer.ts';
export {
  createModelSettings,
  type ModelSettingsInput,
  type ModelSettingsService,
  type ModelSettingsView,
  type SaveResult,
} from './model-settings.ts';
export {
  proactiveDeliveryDeps,
  proactiveFeedFor,
  proactivePlanDeps,
  startProactiveDelivery,
} from './proactive.ts';
export { type EmbeddingState, openRuntime, type Runtime, type RuntimeOptions } from './runtime.ts';
export {
  type ChatWiringOptions,
  COUNTER_FLUSH_MS,
  chatDeps,
  countersFor,
  dayDeps,
  extractionDeps,
  flushCounters,
  friendPoolDeps,
  nightlyDeps,
  productEventDeps,
  reflectionDeps,
  retrievalDeps,
  safetyEventsFor,
  safetyFor,
  worldDeps,
} from './services.ts';
