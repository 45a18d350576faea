/**
 * @module llm/testing
 * Fakes for tests of code that uses models: timers fired by hand, a recording sleep, canned results.
 * Scripted models come from the AI SDK itself (`MockLanguageModelV3`, `MockEmbeddingModelV3` in 'ai/test').
 */
export {
  connectionRefused,
  httpError,
  type ManualTimer,
  manualTimer,
  never,
  recordingSleep,
  streamOf,
  textParts,
  textResult,
  usage,
} from './fakes.ts';
