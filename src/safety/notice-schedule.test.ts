import { describe, expect, it } from 'vitest';
import type { AgeBand } from '../core/index.ts';
import { type ChatActivity, noticeStateFromActivity } from './notice-schedule.ts';
import { noticesDue } from './notices.ts';

const MIN = 60_000;
const T0 = new Date('2025-03-10T08:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN);

/** The notices shown at each message of one session with a message every `every` minutes. */
function replay(ageBand: AgeBand, minutes: number[], extra: Partial<ChatActivity> = {}) {
  const shown: string[] = [];
  minutes.forEach((m, i) => {
    const activity: ChatActivity = {
      now: at(m),
      sessionStartedAt: at(minutes[0]!),
      previousInSessionAt: i === 0 ? null : at(minutes[i - 1]!),
      others: [],
      firstEver: i === 0,
      ...extra,
    };
    for (const notice of noticesDue(noticeStateFromActivity(activity, { ageBand, locale: 'en' }))) {
      shown.push(`${m}:${notice.kind}`);
    }
  });
  return shown;
}

const everyFiveMinutes = (hours: number) => Array.from({ length: hours * 12 + 1 }, (_, i) => i * 5);

describe('noticeStateFromActivity', () => {
  it('gives an adult the disclosure at the session start and after 3 hours, and hourly breaks', () => {
    expect(replay('adult', everyFiveMinutes(4))).toEqual([
      '0:ai-disclosure',
      '60:break-reminder',
      '120:break-reminder',
      '180:ai-disclosure',
      '180:break-reminder',
      '240:break-reminder',
    ]);
  });

  it('gives a minor the suitability notice once, and both notices every hour', () => {
    expect(replay('minor', everyFiveMinutes(2))).toEqual([
      '0:minor-suitability',
      '0:ai-disclosure',
      '60:ai-disclosure',
      '60:break-reminder',
      '120:ai-disclosure',
      '120:break-reminder',
    ]);
  });

  it('shows a notice at the first message after its mark when the user writes irregularly', () => {
    expect(replay('adult', [0, 50, 67, 90, 118, 126, 170, 185])).toEqual([
      '0:ai-disclosure',
      '67:break-reminder',
      '126:break-reminder',
      '185:ai-disclosure',
      '185:break-reminder',
    ]);
  });

  it('discloses again at the start of the next session, and not the suitability notice', () => {
    const next = noticeStateFromActivity(
      { now: at(300), sessionStartedAt: at(300), previousInSessionAt: null, others: [], firstEver: false },
      { ageBand: 'unknown', locale: 'en' },
    );
    expect(noticesDue(next).map((n) => n.kind)).toEqual(['ai-disclosure']);
  });

  it('counts a stretch that spans several pets for break reminders', () => {
    // 50 minutes with another pet, then a new session with this one: the break is due 10 minutes in.
    const other = { startedAt: at(0), lastActivityAt: at(50) };
    const kinds = (now: number, previous: number | null) =>
      noticesDue(
        noticeStateFromActivity(
          {
            now: at(now),
            sessionStartedAt: at(52),
            previousInSessionAt: previous === null ? null : at(previous),
            others: [other],
            firstEver: false,
          },
          { ageBand: 'adult', locale: 'en' },
        ),
      ).map((n) => n.kind);
    expect(kinds(52, null)).toEqual(['ai-disclosure']);
    expect(kinds(58, 52)).toEqual([]);
    expect(kinds(61, 58)).toEqual(['break-reminder']);
    expect(kinds(85, 61)).toEqual([]);
    expect(kinds(121, 85)).toEqual(['break-reminder']);
  });

  it('leaves out conversations that ended before the idle gap', () => {
    const state = noticeStateFromActivity(
      {
        now: at(100),
        sessionStartedAt: at(45),
        previousInSessionAt: at(99),
        others: [{ startedAt: at(0), lastActivityAt: at(10) }],
        firstEver: false,
      },
      { ageBand: 'adult', locale: 'en' },
    );
    expect(state.continuousSince).toEqual(at(45));
    expect(noticesDue(state)).toEqual([]);
  });

  it('honours configured intervals', () => {
    const state = noticeStateFromActivity(
      { now: at(20), sessionStartedAt: at(0), previousInSessionAt: at(19), others: [], firstEver: false },
      { ageBand: 'adult', locale: 'en', options: { breakReminderMinutes: 20 } },
    );
    expect(noticesDue(state).map((n) => n.kind)).toEqual(['break-reminder']);
  });
});
