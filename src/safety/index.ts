/**
 * @module safety
 * The safety core the dialogue calls on every turn, independent of the persona prompt: crisis detection
 * (patterns and a model classifier, combined so that a pattern crisis always stands and a failing model
 * never breaks a turn), the crisis notice and steering, AI-disclosure and break notices (SB 243, NY GBL
 * Art. 47), persona guardrails, injection and poisoning screening with a replayable attack set (OWASP LLM
 * Top 10 2025), and input and rate limits. Pure over small ports; nothing here stores or logs user text.
 */
export {
  type AssessTurnDeps,
  type AssessTurnOptions,
  type AssessTurnRequest,
  assessTurn,
  type ClassifierOutcome,
  classifierLevel,
  type TurnAssessment,
} from './assess-turn.ts';
export {
  ATTACK_CANARIES,
  type AttackCase,
  type AttackExpectation,
  attackSet,
} from './attack-set.ts';
export { safetyCallSpecs } from './call-specs.ts';
export {
  type ClassifyCrisisDeps,
  type ClassifyCrisisRequest,
  type CrisisClassification,
  classifyCrisis,
} from './classify-crisis.ts';
export { concernNotice, crisisNotice } from './crisis-notice.ts';
export { crisisSteering } from './crisis-steering.ts';
export { CRISIS_CATEGORIES, CRISIS_LEVELS, type CrisisCategory, type CrisisLevel } from './crisis-types.ts';
export {
  CONTEXT_TURNS,
  type CrisisScreeningContext,
  detectCrisisPatterns,
  type PatternScreening,
} from './detect-crisis.ts';
export {
  createSafetyEventCounter,
  noSafetyEvents,
  type SafetyEvent,
  type SafetyEventCounter,
  type SafetyEventKind,
  type SafetyEvents,
} from './events.ts';
export { personaGuardrails } from './guardrails.ts';
export {
  INJECTION_KINDS,
  type InjectionKind,
  type InjectionScreening,
  looksLikeInjection,
} from './injection.ts';
export { checkInput, type InputLimits } from './input-limits.ts';
export { type ChatActivity, type NoticeAudience, noticeStateFromActivity } from './notice-schedule.ts';
export {
  continuousSince,
  DEFAULT_NOTICE_OPTIONS,
  type Notice,
  type NoticeKind,
  type NoticeOptions,
  type NoticeReason,
  type NoticeState,
  noticesDue,
} from './notices.ts';
export { createRateLimiter, type RateLimiter, type RateLimiterOptions } from './rate-limiter.ts';
export {
  type CrisisResource,
  DEFAULT_CRISIS_RESOURCES,
  selectCrisisResources,
} from './resources.ts';
export {
  createTurnLimiter,
  DEFAULT_TURN_LIMITS,
  type LimitRefusal,
  TURN_SCOPE,
  type TurnLimiter,
  type TurnLimiterDeps,
  type TurnLimitOptions,
  type TurnRequest,
} from './turn-limiter.ts';
