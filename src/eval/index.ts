/**
 * @module eval
 * The paper's evaluation (sections 3.2-3.4) and two persona metrics from related work:
 * - Table 1: world simulation rated by an LLM judge (analyze-rate) on Realism, Consistency, Richness and
 *   Attraction, for Basic Information, Direct Generation, World Simulation and w/o outline, in normal and
 *   memory mode (`runWorldEval`);
 * - persona faithfulness as the APC score (`runPersonaEval`), and ROUGE-L against references
 *   (`runReferenceEval`);
 * - Table 2: engagement analytics (`engagementReport`) from the anonymous product events that the
 *   experiments module records;
 * - evidence retrieval on LoCoMo-format conversations (`runMemoryEval`): recall@k and MRR of ipet's lexical,
 *   dense and hybrid memory retrieval against plain BM25 (`createBm25Index`), per question category.
 * See README.md in this folder for the commands and what the numbers mean.
 */

export { evalCallSpecs } from './call-specs.ts';
export { dirJsonStore, hashOf, type JsonStore, memoryJsonStore } from './common/json-store.ts';
export { createJudge, type Judge, type JudgeAnswer, type JudgeCall, judgeCacheKey } from './common/judge.ts';
export { DEFAULT_EVAL_NOW, writeOutputs } from './common/outputs.ts';
export {
  bundledOwners,
  bundledPersonas,
  bundledQueries,
  type OwnerSample,
  type PersonaSample,
  parseRecords,
  personaSampleSchema,
  pickWorldSamples,
  type QuerySample,
  queriesFor,
  querySampleSchema,
  SampleFileError,
  type WorldSample,
} from './common/samples.ts';
export { isSimulator, type ModelEndpoint, SIMULATOR_WARNING } from './common/simulator.ts';
export {
  type Interval,
  meanInterval,
  rateDifference,
  type Summary,
  studentTQuantile,
  summarize,
  welchInterval,
  wilsonInterval,
} from './common/stats.ts';
export { addUsage, type CallUsage } from './common/usage.ts';
export {
  type EngagementOptions,
  type EngagementReport,
  engagementReport,
  reportWindow,
  type VariantComparison,
  type VariantEngagement,
} from './engagement/engagement.ts';
export { renderEngagement } from './engagement/render.ts';
export {
  BM25_DEFAULTS,
  type Bm25Hit,
  type Bm25Index,
  type Bm25Options,
  createBm25Index,
  evidenceIds,
  type LocomoFile,
  type LocomoLoadNotes,
  type LocomoQuestion,
  type LocomoSample,
  type LocomoTurn,
  MEMORY_EVAL_MODES,
  type MemoryEvalCounts,
  type MemoryEvalDeps,
  type MemoryEvalInput,
  type MemoryEvalMode,
  type MemoryEvalReport,
  type MemoryEvalResult,
  type ModeMetrics,
  meanMetrics,
  memoryEvalReport,
  memoryEvalUnits,
  parseLocomo,
  parseSessionDate,
  type QuestionScore,
  renderMemoryEval,
  runMemoryEval,
  scoreRanking,
} from './memory/index.ts';
export { aggregatePersonas, type PersonaRow, type PersonaTable } from './persona/aggregate.ts';
export {
  type ApcResult,
  apcScore,
  type ConstraintProbabilities,
  constraintScore,
  labelProbabilities,
} from './persona/apc.ts';
export { APC_FORMULA, type PersonaReport } from './persona/report.ts';
export {
  type PersonaEvalDeps,
  type PersonaEvalInput,
  type PersonaEvalResult,
  type PersonaItemRecord,
  runPersonaEval,
} from './persona/run-persona-eval.ts';
export { personaResultJson, renderPersonaSummary } from './persona/summary.ts';
export { renderPersonaTable } from './persona/table.ts';
export { EVAL_PROMPT_VERSION } from './prompts/templates.ts';
export {
  type CompareSide,
  type Comparison,
  renderComparison,
  runComparison,
} from './reference/compare.ts';
export { parseReferenceDataset, type ReferenceItem, referenceLineSchema } from './reference/dataset.ts';
export {
  type ExportManifestFile,
  exportManifestSchema,
  parseExportTestSet,
} from './reference/export-test-set.ts';
export { type ReferenceReport, renderReferenceTable } from './reference/report.ts';
export { type RougeL, rougeL, rougeTokens } from './reference/rouge.ts';
export {
  type ReferenceRecord,
  type ReferenceSummary,
  runReferenceEval,
  summarizeByKind,
  summarizeReference,
} from './reference/run-reference-eval.ts';
export {
  BUNDLED_SAFETY_SET,
  bundledSafetySet,
  type ClassifierScript,
  classifierScripts,
  type ItemOutcome,
  type LayerFigures,
  parseSafetySet,
  renderSafetyEval,
  runSafetyEval,
  SAFETY_LAYERS,
  SAFETY_TARGETS,
  type SafetyEvalCounts,
  type SafetyEvalDeps,
  type SafetyEvalInput,
  type SafetyEvalReport,
  type SafetyEvalResult,
  type SafetyItem,
  type SafetyLayer,
  safetyEvalReport,
  safetyItemSchema,
} from './safety/index.ts';
export { aggregateWorld, type WorldCell } from './world/aggregate.ts';
export { renderWorldChart } from './world/chart.ts';
export {
  CONTINUITY_METRICS,
  type ContinuityMetric,
  continuityJudgePrompt,
} from './world/continuity-prompt.ts';
export {
  buildContinuityReport,
  type ContinuityReport,
  renderContinuityTable,
} from './world/continuity-report.ts';
export {
  METHOD_LABELS,
  METHOD_ORDER,
  PAPER_TABLE_1,
  WORLD_METRICS,
  type WorldMetric,
} from './world/metrics.ts';
export {
  type MultiDayDeps,
  type MultiDayInput,
  type MultiDayRecord,
  repetitionShare,
  runMultiDayEval,
} from './world/multi-day.ts';
export { buildWorldReport, type WorldReport, worldOutputFiles } from './world/report.ts';
export {
  runWorldEval,
  type WorldEvalDeps,
  type WorldEvalInput,
  type WorldEvalRecord,
  type WorldEvalResult,
} from './world/run-world-eval.ts';
export { renderWorldSummary, worldResultJson } from './world/summary.ts';
export { renderWorldTable } from './world/table.ts';
