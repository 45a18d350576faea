import type { LanguageModel } from 'ai';
import type { ChatSession, Clock, Locale, Logger, Message, Pet, User } from '../core/index.ts';
import type { SafetyEvent, SafetyEvents, TurnLimiter } from '../safety/index.ts';
import {
  assessTurn,
  type ChatActivity,
  type CrisisResource,
  concernNotice,
  crisisNotice,
  DEFAULT_CRISIS_RESOURCES,
  detectCrisisPatterns,
  looksLikeInjection,
  type Notice,
  type NoticeOptions,
  noticeStateFromActivity,
  noticesDue,
  selectCrisisResources,
  type TurnAssessment,
} from '../safety/index.ts';
import type { SafetyPart } from './parts.ts';

/**
 * Safety settings of the chat turn. Safety is always on: these only tune it (see `src/safety/README.md`).
 */
export interface ChatSafety {
  /** The crisis classifier's model. Default: the chat model. null: patterns only. */
  classifier?: LanguageModel | null;
  /**
   * `always` (default): ask the classifier on every turn, beside the context gathering, so the model can
   * catch what no pattern saw (one more model call per turn); `flagged`: only when a pattern matched.
   */
  classifyWhen?: 'flagged' | 'always';
  /**
   * The classifier's own deadline (default `DEFAULT_CLASSIFIER_TIMEOUT_MS`): a slow, hung or failing
   * classifier is given up and the patterns' verdict stands, so it never holds a reply up for longer.
   */
  classifierTimeoutMs?: number;
  /** Crisis lines, picked by the user's locale (default `DEFAULT_CRISIS_RESOURCES`: 988, Samaritans...). */
  resources?: readonly CrisisResource[];
  /** Counts crisis, concern, injection and quota events per user, never text. */
  events?: SafetyEvents;
  /** Disclosure and break-reminder intervals (defaults: `DEFAULT_NOTICE_OPTIONS`). */
  notices?: Partial<NoticeOptions>;
  /** Per-user rate limit and daily quota on turns (`createTurnLimiter`). Absent: no limit here. */
  limiter?: TurnLimiter;
}

export interface SafetyDeps {
  model: LanguageModel;
  clock: Clock;
  logger: Logger;
  safety?: ChatSafety;
}

type Ids = { userId: string; petId: string };

/** The classifier runs while the turn's context is gathered; past this it no longer decides. */
export const DEFAULT_CLASSIFIER_TIMEOUT_MS = 3_000;

/** The crisis notice (or, at `concern`, the gentle line) for a locale, from the configured resources. */
export function noticeText(
  safety: ChatSafety | undefined,
  locale: Locale,
  level: 'crisis' | 'concern' = 'crisis',
): string {
  const resources = selectCrisisResources({ locale }, safety?.resources ?? DEFAULT_CRISIS_RESOURCES);
  return level === 'crisis' ? crisisNotice(locale, resources) : concernNotice(locale, resources);
}

export function safetyPart(
  safety: ChatSafety | undefined,
  level: TurnAssessment['level'],
  locale: Locale,
): SafetyPart | null {
  if (level === 'none') return null;
  return { type: 'safety', crisis: level === 'crisis', level, notice: noticeText(safety, locale, level) };
}

/**
 * The patterns alone, for paths where the turn does not reach the model (a replayed answer, a refused
 * turn): a crisis notice must not depend on the turn being answered. Nothing is counted.
 */
export function patternSafetyPart(
  safety: ChatSafety | undefined,
  text: string,
  locale: Locale,
  previous: readonly string[] = [],
): SafetyPart | null {
  return safetyPart(safety, detectCrisisPatterns(text, locale, { previous }).level, locale);
}

/** Records an event; a broken counter is logged, never a failed turn. */
export async function recordEvent(deps: Pick<SafetyDeps, 'logger' | 'safety'>, event: SafetyEvent) {
  try {
    await deps.safety?.events?.record(event);
  } catch (error) {
    deps.logger.warn('safety: event not recorded', {
      kind: event.kind,
      userId: event.userId,
      error: error as Error,
    });
  }
}

/**
 * Counts an injection or poisoning attempt. Never blocks: the defence is the prompt structure (user text
 * stays in user messages, memories and lore are quoted data); this says someone is trying.
 */
export async function screenInjection(
  deps: Pick<SafetyDeps, 'logger' | 'safety' | 'clock'>,
  ids: Ids,
  text: string,
  count: boolean,
): Promise<void> {
  const screening = looksLikeInjection(text);
  if (!screening.detected) return;
  deps.logger.info('safety: injection attempt', {
    ...ids,
    kinds: screening.kinds,
    signals: screening.signals,
  });
  if (count) await recordEvent(deps, { kind: 'injection', userId: ids.userId, at: deps.clock.now() });
}

/**
 * The crisis assessment of the turn (patterns over the message and the user's previous turns, plus the
 * classifier per `classifyWhen` on its own deadline), independent of the persona prompt. Never throws.
 * Started as soon as the turn is loaded, so the model call overlaps the context gathering; it records
 * nothing (`recordAssessment` does, once the user's message is stored).
 */
export function assessUserTurn(
  deps: SafetyDeps,
  turn: Ids & { text: string; locale: Locale; recentUserTurns: string[]; signal?: AbortSignal },
): Promise<TurnAssessment> {
  const safety = deps.safety ?? {};
  const classifier = safety.classifier === undefined ? deps.model : safety.classifier;
  const timeout = AbortSignal.timeout(safety.classifierTimeoutMs ?? DEFAULT_CLASSIFIER_TIMEOUT_MS);
  const abortSignal = turn.signal ? AbortSignal.any([turn.signal, timeout]) : timeout;
  return assessTurn(
    { ...(classifier ? { model: classifier } : {}), clock: deps.clock, logger: deps.logger },
    {
      text: turn.text,
      locale: turn.locale,
      recentUserTurns: turn.recentUserTurns,
      userId: turn.userId,
      petId: turn.petId,
      classifyWhen: safety.classifyWhen ?? 'always',
      abortSignal,
    },
  );
}

/** Counts a `crisis` or `concern` turn (never text); a broken counter is logged, never a failed turn. */
export async function recordAssessment(
  deps: Pick<SafetyDeps, 'logger' | 'safety' | 'clock'>,
  userId: string,
  assessment: TurnAssessment,
): Promise<void> {
  if (assessment.level === 'none') return;
  await recordEvent(deps, { kind: assessment.level, userId, at: deps.clock.now() });
}

/** What the notices are derived from, all loaded with the turn. */
export interface NoticeInput {
  user: User;
  pet: Pet;
  userMessage: Message;
  /** The pair's latest messages, oldest first, the turn's own rows included. */
  recent: readonly Message[];
  /** The session of `userMessage`, when known. */
  session: ChatSession | null;
  /** The latest session with each of the user's other pets. */
  others: readonly ChatSession[];
  idleGapMs: number;
}

/** Messages the notices look back on (the user message and the ones before it). */
export const NOTICE_WINDOW = 12;

/**
 * The disclosure, break and suitability notices due with the reply to `userMessage`, derived from the
 * user's chat activity (no "last shown" times are stored): a notice counts as shown once a turn that carried
 * it was answered. Empty for a message retried long after it was written (its notices were due then).
 */
export function turnNotices(safety: ChatSafety | undefined, turn: NoticeInput): Notice[] {
  const activity = chatActivity(turn);
  if (!activity) return [];
  const state = noticeStateFromActivity(activity, {
    ageBand: turn.user.ageBand,
    locale: turn.user.locale,
    petName: turn.pet.profile.name,
    ...(safety?.notices ? { options: safety.notices } : {}),
  });
  return noticesDue(state);
}

function chatActivity(turn: NoticeInput): ChatActivity | null {
  const { userMessage } = turn;
  const recent = turn.recent.slice(-NOTICE_WINDOW);
  const at = recent.findIndex((m) => m.id === userMessage.id);
  if (at === -1) return null;
  const before = recent.slice(0, at);
  // Only answered messages count: the notices of a turn that failed may never have reached the person.
  const answered = new Set(
    recent.flatMap((m) => (m.role === 'pet' && m.status === 'ok' && m.replyToId ? [m.replyToId] : [])),
  );
  const previous = before
    .filter((m) => m.role === 'user' && m.sessionId === userMessage.sessionId && answered.has(m.id))
    .at(-1);
  const others = turn.others.map((s) => ({ startedAt: s.startedAt, lastActivityAt: s.lastMessageAt }));
  return {
    now: userMessage.createdAt,
    sessionStartedAt: turn.session?.startedAt ?? userMessage.createdAt,
    previousInSessionAt: previous?.createdAt ?? null,
    others,
    firstEver: !previous && !before.some((m) => m.sessionId !== userMessage.sessionId) && others.length === 0,
    idleMinutes: turn.idleGapMs / 60_000,
  };
}
