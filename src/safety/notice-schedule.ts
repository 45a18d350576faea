import type { AgeBand, Locale } from '../core/index.ts';
import { type NoticeOptions, type NoticeState, resolveNoticeOptions } from './notices.ts';

/**
 * The notice state of a turn, derived from when the user chatted rather than from stored "last shown" times,
 * so nothing extra is persisted (and nothing is left behind when a user is erased). It reconstructs what
 * `noticesDue` would have recorded for a user who kept chatting:
 *
 * - the AI disclosure was shown at the user's first message of the session, then every
 *   `disclosureEveryMinutes` (minors: `minorReminderMinutes`) counted from the session start;
 * - break reminders every `breakReminderMinutes` (minors: `minorReminderMinutes`) counted from the start of
 *   the continuous stretch, which may span several pets;
 * - the one-time suitability notice was shown unless this is the user's very first message.
 *
 * A notice falls due on the first message at or after each mark. Pure.
 */
export interface ChatActivity {
  /** When the user's current message was written. */
  now: Date;
  sessionStartedAt: Date;
  /** The user's previous message in this session; null when the current one is the session's first. */
  previousInSessionAt: Date | null;
  /** The user's other conversations (other pets) that may be part of the same stretch. */
  others: ReadonlyArray<{ startedAt: Date; lastActivityAt: Date }>;
  /** True when the user never wrote anything before (any pet). */
  firstEver: boolean;
  /** A pause longer than this ends a continuous stretch. Default 30. */
  idleMinutes?: number;
}

export interface NoticeAudience {
  ageBand: AgeBand;
  locale: Locale;
  petName?: string;
  options?: Partial<NoticeOptions>;
}

const MINUTE = 60_000;

export function noticeStateFromActivity(activity: ChatActivity, audience: NoticeAudience): NoticeState {
  const options = resolveNoticeOptions(audience.options);
  const { now, sessionStartedAt, previousInSessionAt } = activity;
  const idleMs = (activity.idleMinutes ?? 30) * MINUTE;
  const asMinor =
    audience.ageBand === 'minor' || (audience.ageBand === 'unknown' && options.unknownAgeAsMinor);
  const disclosureEvery = (asMinor ? options.minorReminderMinutes : options.disclosureEveryMinutes) * MINUTE;
  const breakMinutes = asMinor ? options.minorReminderMinutes : options.breakReminderMinutes;

  // Conversations with other pets that ran up to (or into) this one, within the idle gap, extend the stretch.
  const joined: Array<{ startedAt: Date; lastActivityAt: Date }> = [];
  let since = sessionStartedAt;
  for (let grew = true; grew; ) {
    grew = false;
    for (const other of activity.others) {
      const touches = other.lastActivityAt.getTime() >= since.getTime() - idleMs;
      if (other.lastActivityAt < now && touches && !joined.includes(other)) {
        joined.push(other);
        if (other.startedAt < since) since = other.startedAt;
        grew = true;
      }
    }
  }
  let previous = previousInSessionAt;
  for (const other of joined)
    if (!previous || other.lastActivityAt > previous) previous = other.lastActivityAt;

  const lastMark = (anchor: Date, everyMs: number, at: Date | null): Date | null => {
    if (!at) return null;
    const marks = Math.floor((at.getTime() - anchor.getTime()) / everyMs);
    return marks >= 1 ? new Date(anchor.getTime() + marks * everyMs) : null;
  };

  return {
    now,
    sessionStartedAt,
    continuousSince: since,
    // Shown at the session's first message: at the session start, or at a later mark.
    lastDisclosureAt: previousInSessionAt
      ? (lastMark(sessionStartedAt, disclosureEvery, previousInSessionAt) ?? sessionStartedAt)
      : null,
    lastBreakReminderAt: breakMinutes === null ? null : lastMark(since, breakMinutes * MINUTE, previous),
    suitabilityNoticeAt: activity.firstEver ? null : sessionStartedAt,
    ageBand: audience.ageBand,
    locale: audience.locale,
    ...(audience.petName ? { petName: audience.petName } : {}),
    ...(audience.options ? { options: audience.options } : {}),
  };
}
