/**
 * Crisis-screening evaluation (`ipet eval safety`): recall and false-alarm rate of the deterministic layer,
 * the model classifier and both combined, per category and language, on a labelled en/zh set.
 */

export { renderSafetyEval, SAFETY_TARGETS, type SafetyEvalReport, safetyEvalReport } from './render.ts';
export {
  type ItemOutcome,
  type LayerFigures,
  runSafetyEval,
  SAFETY_LAYERS,
  type SafetyEvalCounts,
  type SafetyEvalDeps,
  type SafetyEvalInput,
  type SafetyEvalResult,
  type SafetyLayer,
} from './run-safety-eval.ts';
export {
  BUNDLED_SAFETY_SET,
  bundledSafetySet,
  parseSafetySet,
  type SafetyItem,
  safetyItemSchema,
} from './safety-set.ts';
export { type ClassifierScript, classifierScripts } from './sim-script.ts';
