/**
 * Evidence retrieval on LoCoMo-format files (`ipet eval memory`): the loader, a plain BM25 baseline, the
 * metrics (recall@k, MRR) and the runner that compares them with ipet's lexical, dense and hybrid rankings.
 */
export { BM25_DEFAULTS, type Bm25Hit, type Bm25Index, type Bm25Options, createBm25Index } from './bm25.ts';
export {
  evidenceIds,
  type LocomoFile,
  type LocomoLoadNotes,
  type LocomoQuestion,
  type LocomoSample,
  type LocomoTurn,
  parseLocomo,
  parseSessionDate,
} from './locomo.ts';
export { type ModeMetrics, meanMetrics, type QuestionScore, scoreRanking } from './metrics.ts';
export { type MemoryEvalReport, memoryEvalReport, renderMemoryEval } from './render.ts';
export {
  MEMORY_EVAL_MODES,
  type MemoryEvalCounts,
  type MemoryEvalDeps,
  type MemoryEvalInput,
  type MemoryEvalMode,
  type MemoryEvalResult,
  memoryEvalUnits,
  runMemoryEval,
} from './run-memory-eval.ts';
