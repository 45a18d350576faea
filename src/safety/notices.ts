import type { AgeBand, Locale } from '../core/index.ts';
import { ConfigError } from '../core/index.ts';
import { NOTICE_TEXTS } from './notice-texts.ts';

/**
 * Disclosure and break notices (California SB 243, New York GBL Art. 47): the user is told they talk to an
 * AI at the start of each session and again after 3 hours of continuous chat, gets break reminders, and
 * minors get both every hour plus a one-time notice that AI companions may not suit all minors.
 * A pure policy: the caller stores when each notice was shown and passes it back.
 */
export interface NoticeOptions {
  /** Disclose again after this many minutes of continuous chat. Default 180. */
  disclosureEveryMinutes: number;
  /** Break reminder after this many minutes of continuous chat; null for none (adults only). Default 60. */
  breakReminderMinutes: number | null;
  /** For minors, the disclosure and the break reminder recur this often. Default 60. */
  minorReminderMinutes: number;
  /** Who gets the one-time suitability notice. Default minors and unknown ages (who may be minors). */
  suitabilityNoticeFor: readonly AgeBand[];
  /** Apply the minor intervals to an unknown age band too. Default false. */
  unknownAgeAsMinor: boolean;
}

export const DEFAULT_NOTICE_OPTIONS: NoticeOptions = {
  disclosureEveryMinutes: 180,
  breakReminderMinutes: 60,
  minorReminderMinutes: 60,
  suitabilityNoticeFor: ['minor', 'unknown'],
  unknownAgeAsMinor: false,
};

export interface NoticeState {
  now: Date;
  sessionStartedAt: Date;
  /** Start of the current stretch of chat without a long pause (see `continuousSince`). */
  continuousSince: Date;
  lastDisclosureAt: Date | null;
  lastBreakReminderAt: Date | null;
  /** When the one-time suitability notice was shown; null or absent when never. */
  suitabilityNoticeAt?: Date | null;
  ageBand: AgeBand;
  locale: Locale;
  petName?: string;
  options?: Partial<NoticeOptions>;
}

export type NoticeKind = 'minor-suitability' | 'ai-disclosure' | 'break-reminder';
export type NoticeReason = 'first-use' | 'session-start' | 'continuous-use';

export interface Notice {
  kind: NoticeKind;
  reason: NoticeReason;
  text: string;
}

const MINUTE = 60_000;

/** The notices to show with the next reply, in display order. Empty most of the time. */
export function noticesDue(state: NoticeState): Notice[] {
  const options = resolveNoticeOptions(state.options);
  const { now, locale } = state;
  const asMinor = state.ageBand === 'minor' || (state.ageBand === 'unknown' && options.unknownAgeAsMinor);
  const continuousMinutes = Math.max(
    0,
    Math.floor((now.getTime() - state.continuousSince.getTime()) / MINUTE),
  );
  const textInput = { minutes: continuousMinutes, ...(state.petName ? { petName: state.petName } : {}) };
  const due: Notice[] = [];
  const add = (kind: NoticeKind, reason: NoticeReason) =>
    due.push({ kind, reason, text: NOTICE_TEXTS[kind][locale](textInput) });

  if (options.suitabilityNoticeFor.includes(state.ageBand) && !state.suitabilityNoticeAt) {
    add('minor-suitability', 'first-use');
  }

  const disclosureEvery = asMinor ? options.minorReminderMinutes : options.disclosureEveryMinutes;
  if (!state.lastDisclosureAt || state.lastDisclosureAt < state.sessionStartedAt) {
    add('ai-disclosure', 'session-start');
  } else if (elapsed(now, latest(state.lastDisclosureAt, state.continuousSince)) >= disclosureEvery) {
    add('ai-disclosure', 'continuous-use');
  }

  const breakEvery = asMinor ? options.minorReminderMinutes : options.breakReminderMinutes;
  const breakSince = latest(state.lastBreakReminderAt, state.continuousSince);
  if (breakEvery !== null && elapsed(now, breakSince) >= breakEvery) add('break-reminder', 'continuous-use');

  return due;
}

/**
 * The start of the current continuous stretch after a message at `now`: unchanged while messages keep
 * coming, reset to `now` after a pause longer than `idleMinutes` (default 30) or when there is none yet.
 */
export function continuousSince(input: {
  previous: Date | null;
  lastActivityAt: Date | null;
  now: Date;
  idleMinutes?: number;
}): Date {
  const idle = input.idleMinutes ?? 30;
  if (!input.previous || !input.lastActivityAt) return input.now;
  return elapsed(input.now, input.lastActivityAt) > idle ? input.now : input.previous;
}

export function resolveNoticeOptions(partial: Partial<NoticeOptions> = {}): NoticeOptions {
  const options = { ...DEFAULT_NOTICE_OPTIONS, ...partial };
  const check = (name: string, value: number | null) => {
    if (value !== null && !(Number.isFinite(value) && value > 0)) {
      throw new ConfigError(`notice option ${name} must be a positive number of minutes, got ${value}`);
    }
  };
  check('disclosureEveryMinutes', options.disclosureEveryMinutes);
  check('breakReminderMinutes', options.breakReminderMinutes);
  check('minorReminderMinutes', options.minorReminderMinutes);
  // SB 243 and GBL Art. 47 set a ceiling, not a floor: the disclosure recurs at least every 3 hours.
  for (const name of ['disclosureEveryMinutes', 'minorReminderMinutes'] as const) {
    if (options[name] > 180) {
      throw new ConfigError(`notice option ${name} must be at most 180 (3 hours), got ${options[name]}`);
    }
  }
  return options;
}

const elapsed = (now: Date, since: Date) => (now.getTime() - since.getTime()) / MINUTE;
const latest = (a: Date | null, b: Date) => (a && a > b ? a : b);
