import type { LanguageModel } from 'ai';
import type { Clock, Failure, Logger } from '../core/index.ts';
import { IpetError, toFailure } from '../core/index.ts';
import { type ClassifyCrisisRequest, type CrisisClassification, classifyCrisis } from './classify-crisis.ts';
import { type CrisisCategory, type CrisisLevel, levelRank, maxLevel } from './crisis-types.ts';
import { detectCrisisPatterns } from './detect-crisis.ts';
import type { SafetyEvents } from './events.ts';

export interface AssessTurnDeps {
  /** The classifier model. Without one, the assessment rests on the patterns alone. */
  model?: LanguageModel;
  events?: SafetyEvents;
  clock: Clock;
  logger: Logger;
}

export interface AssessTurnOptions {
  /**
   * `always` (default): ask the model on every turn, so it can catch what no pattern saw; `flagged`: only
   * when a pattern matched (cheaper; misses what only the model would see).
   */
  classifyWhen?: 'always' | 'flagged';
  /** Below this confidence the model's level counts one step lower. Default 0.5. */
  minConfidence?: number;
}

export type AssessTurnRequest = ClassifyCrisisRequest & AssessTurnOptions;

export type ClassifierOutcome =
  | ({ status: 'ok' } & CrisisClassification)
  /**
   * `error` is an error code (`model_unavailable`, `model_output_invalid`, `aborted`, `unexpected`);
   * `failure` the failure's kind (retryable or not) with the error as its cause.
   */
  | { status: 'failed'; error: string; failure: Failure }
  | { status: 'skipped' };

export interface TurnAssessment {
  level: CrisisLevel;
  category: CrisisCategory;
  /** Pattern ids that matched; never text. */
  signals: string[];
  classifier: ClassifierOutcome;
  /** True when the model was not asked or failed: the level rests on the patterns alone. */
  patternsOnly: boolean;
  /**
   * The out-of-character notice to show next to the reply: `crisis` (`crisisNotice`, the crisis lines in
   * full) or `concern` (`concernNotice`, one gentle line with them); null when there is no risk.
   */
  notice: 'crisis' | 'concern' | null;
  /** Add `crisisSteering(locale, steering)` to the persona prompt of this turn. */
  steering: 'crisis' | 'concern' | null;
}

/**
 * The safety check of one user turn, independent of the persona prompt. Patterns and model combine by
 * taking the higher level: a pattern hit at `crisis` stays a crisis whatever the model says, and a model
 * that fails or times out leaves the pattern result in place. Never throws: a broken classifier must not
 * break the chat turn, least of all for someone in crisis. Records a `crisis` or `concern` event.
 *
 * Role-play and fiction are not exempt: "my character wants to kill himself" is at least a concern
 * (steering, no notice), because a story is a common way to say something about oneself; first-person
 * wording inside a story ("*says* I want to die") is a crisis, since no pattern can tell who speaks.
 */
export async function assessTurn(deps: AssessTurnDeps, request: AssessTurnRequest): Promise<TurnAssessment> {
  const patterns = detectCrisisPatterns(request.text, request.locale, {
    previous: request.recentUserTurns ?? [],
  });
  const { model } = deps;
  const ask = request.classifyWhen !== 'flagged' || patterns.level !== 'none';
  const classifier: ClassifierOutcome =
    model !== undefined && ask ? await classifySafely(model, deps.logger, request) : { status: 'skipped' };

  const grounded = groundedClassifier(classifier, [request.text, ...(request.recentUserTurns ?? [])]);
  if (grounded !== classifier) {
    deps.logger.info("safety: classifier risk without the user's words as evidence, ignored", {
      userId: request.userId,
      petId: request.petId,
    });
  }
  const modelLevel = classifierLevel(grounded, request.minConfidence);
  const level = maxLevel(patterns.level, modelLevel);
  const category = pickCategory(level, patterns, grounded, modelLevel);
  const assessment: TurnAssessment = {
    level,
    category,
    signals: patterns.signals,
    classifier,
    patternsOnly: grounded.status !== 'ok',
    notice: level === 'none' ? null : level,
    steering: level === 'none' ? null : level,
  };

  const fields = {
    userId: request.userId,
    petId: request.petId,
    level,
    category,
    signals: patterns.signals,
    classifier: classifier.status,
  };
  if (level !== 'none') {
    deps.logger.info('safety: risk detected', fields);
    await recordSafely(deps, { kind: level, userId: request.userId, at: deps.clock.now() });
  } else {
    deps.logger.debug('safety: turn assessed', fields);
  }
  return assessment;
}

async function classifySafely(
  model: LanguageModel,
  logger: Logger,
  request: AssessTurnRequest,
): Promise<ClassifierOutcome> {
  try {
    return { status: 'ok', ...(await classifyCrisis({ model }, request)) };
  } catch (error) {
    const code = errorCode(error, request.abortSignal);
    // Never the text: only who, and why the model could not answer.
    logger.warn('safety: classifier failed, using patterns only', {
      userId: request.userId,
      petId: request.petId,
      error: code,
    });
    return { status: 'failed', error: code, failure: toFailure(error) };
  }
}

async function recordSafely(deps: AssessTurnDeps, event: Parameters<SafetyEvents['record']>[0]) {
  if (!deps.events) return;
  try {
    await deps.events.record(event);
  } catch (error) {
    deps.logger.warn('safety: event not recorded', {
      kind: event.kind,
      userId: event.userId,
      error: errorCode(error),
    });
  }
}

const normalized = (text: string) =>
  text
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, ' ')
    .trim();

/**
 * A risk the classifier names must come with the user's own words: `evidence`, when the answer carries it,
 * has to be found (case, spacing and punctuation aside) in the messages it judged, and be at least 8
 * characters or the whole message. A model that fills the schema with anything (a weak model under guided
 * decoding) would otherwise put crisis lines on ordinary turns; its ungrounded answer counts as no answer,
 * and the patterns decide. An answer without the field (older prompts, scripted tests) is taken as it is.
 */
export function groundedClassifier(outcome: ClassifierOutcome, texts: readonly string[]): ClassifierOutcome {
  if (outcome.status !== 'ok' || outcome.level === 'none') return outcome;
  if (outcome.evidence === undefined || outcome.evidence === null) return outcome;
  const evidence = normalized(outcome.evidence);
  const found = texts.some((text) => {
    const said = normalized(text);
    return evidence.length > 0 && said.includes(evidence) && (evidence.length >= 8 || evidence === said);
  });
  return found ? outcome : { status: 'skipped' };
}

/**
 * The level the classifier's answer counts for: below `minConfidence` (0.5) one step lower; `none` when
 * the model was not asked or failed.
 */
export function classifierLevel(outcome: ClassifierOutcome, minConfidence = 0.5): CrisisLevel {
  if (outcome.status !== 'ok') return 'none';
  if (outcome.confidence >= minConfidence) return outcome.level;
  return outcome.level === 'crisis' ? 'concern' : 'none';
}

function pickCategory(
  level: CrisisLevel,
  patterns: { level: CrisisLevel; category: CrisisCategory },
  classifier: ClassifierOutcome,
  modelLevel: CrisisLevel,
): CrisisCategory {
  if (level === 'none') return 'none';
  const fromModel = classifier.status === 'ok' && classifier.category !== 'none' ? classifier.category : null;
  // The model saw the context: its category wins when it reached the final level.
  if (fromModel && levelRank(modelLevel) >= levelRank(level)) return fromModel;
  if (patterns.level === level) return patterns.category;
  return fromModel ?? patterns.category;
}

function errorCode(error: unknown, signal?: AbortSignal): string {
  if (signal?.aborted) return 'aborted';
  if (IpetError.is(error)) return error.code;
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
    return 'aborted';
  return 'unexpected';
}
