/**
 * @module dataset
 * Persona training data (issue 21; RoleCraft-GLM, iPET section 3.1): generate emotion-labelled dialogues
 * with simulated users and SPE/CUS/RAW instruction pairs for chosen pets, filter them (deterministic and
 * judge checks with counted reasons), review with a person in the loop, draft a profile from an annotated
 * dialogue; consent, from-chats and export. Every step reads and writes `<dir>/items.jsonl` (record.ts).
 */

export { datasetCallSpecs } from './call-specs.ts';
export * from './chats/index.ts';
export * from './export/index.ts';
export { readItems, writeItems } from './files.ts';
export { DEFAULT_LENGTH_LIMITS, deterministicReasons, followsCrisisProtocol } from './filter/checks.ts';
export { duplicateFinder, jaccard, shingles } from './filter/dedupe.ts';
export { type FilterSummary, filterDataset, summarize } from './filter/filter.ts';
export { type DatasetJudge, MIN_PERSONA_SCORE } from './filter/judge.ts';
export {
  countKinds,
  type GenerateDeps,
  type GenerateSummary,
  generateDataset,
} from './generate/generate.ts';
export type { LoreFact, PetGrounding } from './generate/grounding.ts';
export { DEFAULT_MIX, type GenerateMix, planUnits } from './generate/plan.ts';
export {
  type AnnotatedLine,
  type ProfileFromDialogue,
  parseAnnotatedDialogue,
  profileFromDialogue,
} from './profile/profile-from-dialogue.ts';
export { DATASET_PROMPT_VERSION } from './prompts/templates.ts';
export * from './record.ts';
export {
  type ApplySummary,
  applyReviewFile,
  DECISIONS,
  REVIEW_FORMATS,
  type ReviewFormat,
  writeReviewFile,
} from './review/review-file.ts';
export * from './scrub.ts';
