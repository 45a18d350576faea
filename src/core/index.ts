/**
 * @module core
 * Domain types, ports and seams shared by the paper's modules. No IO here.
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
export * from './profiles.ts';
export { loadPrompt, type PromptTemplate, quoteData, renderPrompt } from './prompt.ts';
export { segmentWords } from './text.ts';
export * from './time.ts';
