import { describe, expect, it } from 'vitest';
import type { ProductEvent, ProductEventKind } from '../../core/index.ts';
import { rateDifference, welchInterval, wilsonInterval } from '../common/stats.ts';
import { engagementReport, sessionMinutes } from './engagement.ts';
import { renderEngagement } from './render.ts';

const T = (iso: string) => new Date(iso);
function ev(
  userId: string,
  kind: ProductEventKind,
  at: string,
  extra: Partial<ProductEvent> = {},
): ProductEvent {
  return {
    userId,
    kind,
    at: T(at),
    experiment: 'world-sim',
    variant: 'control',
    sessionId: 's',
    petId: null,
    ...extra,
  };
}

/** A user with one session of `minutes` on 2025-05-01, chatting or not. */
function visit(userId: string, variant: string, minutes: number, chats: boolean): ProductEvent[] {
  const start = T('2025-05-01T10:00:00Z').getTime();
  const sessionId = `${userId}-s`;
  const base = { variant, sessionId };
  const out = [
    ev(userId, 'session_start', new Date(start).toISOString(), base),
    ev(userId, 'schedule_view', new Date(start + 30_000).toISOString(), base),
  ];
  if (chats) out.push(ev(userId, 'message_sent', new Date(start + 60_000).toISOString(), base));
  out.push(ev(userId, 'session_end', new Date(start + minutes * 60_000).toISOString(), base));
  return out;
}

describe('session durations', () => {
  it('run from session_start to session_end, else from the first to the last event', () => {
    expect(
      sessionMinutes([
        ev('u', 'session_start', '2025-05-01T10:00:00Z'),
        ev('u', 'message_sent', '2025-05-01T10:02:00Z'),
        ev('u', 'session_end', '2025-05-01T10:05:00Z'),
      ]),
    ).toBe(5);
    expect(
      sessionMinutes([
        ev('u', 'message_sent', '2025-05-01T10:01:00Z'),
        ev('u', 'detail_view', '2025-05-01T10:04:30Z'),
      ]),
    ).toBe(3.5);
    expect(sessionMinutes([ev('u', 'session_start', '2025-05-01T10:00:00Z')])).toBe(0);
  });
});

describe('engagementReport (Table 2)', () => {
  // control: 10 users, 5 chat; treatment: 10 users, 8 chat. Usage: control 2..6 min, treatment 4..8 min.
  const events = [
    ...Array.from({ length: 10 }, (_, i) => visit(`c${i}`, 'control', 2 + (i % 5), i < 5)).flat(),
    ...Array.from({ length: 10 }, (_, i) => visit(`t${i}`, 'treatment', 4 + (i % 5), i < 8)).flat(),
  ];

  it('gives the engagement rate and usage time per variant, with the difference and 95% intervals', () => {
    const report = engagementReport(events, {
      from: '2025-05-01',
      to: '2025-05-07',
      experiment: 'world-sim',
    });
    expect(report.variants.map((v) => [v.variant, v.users, v.chatters, v.sessions])).toEqual([
      ['control', 10, 5, 10],
      ['treatment', 10, 8, 10],
    ]);
    const [control, treatment] = report.variants;
    expect(control?.engagementRate).toBe(0.5);
    expect(control?.engagementInterval).toEqual(wilsonInterval(5, 10));
    expect(control?.engagementInterval.low).toBeCloseTo(0.2366, 4);
    expect(control?.usageMinutes.mean).toBeCloseTo(4, 10);
    expect(treatment?.usageMinutes.mean).toBeCloseTo(6, 10);

    const [cmp] = report.comparisons;
    expect(cmp).toMatchObject({ variant: 'treatment', baseline: 'control' });
    const expected = rateDifference({ successes: 5, n: 10 }, { successes: 8, n: 10 });
    expect(cmp?.engagement.diff).toBeCloseTo(0.3, 10);
    expect(cmp?.engagement.low).toBeCloseTo(expected.low, 10);
    expect(cmp?.engagement.relative).toBeCloseTo(0.6, 10);
    const welch = welchInterval(control?.usageMinutes as never, treatment?.usageMinutes as never);
    expect(cmp?.usage.diff).toBeCloseTo(2, 10);
    expect(cmp?.usage.low).toBeCloseTo(welch.low, 10);
    expect(cmp?.usage.df).toBeCloseTo(18, 6); // equal sizes and variances: n1 + n2 - 2
    expect(cmp?.usage.relative).toBeCloseTo(0.5, 10);

    const text = renderEngagement(report);
    expect(text).toContain('treatment vs control:');
    expect(text).toContain('engagement rate +30.0 pp');
    expect(text).toContain('relative +60.0%');
    expect(text).toContain('usage time +2.00 min/day');
  });

  it('averages usage over the days a user was active, and ignores events outside the window', () => {
    const twoDays = [
      ...visit('u', 'control', 6, true),
      ev('u', 'session_start', '2025-05-02T09:00:00Z', { sessionId: 'u-2' }),
      ev('u', 'session_end', '2025-05-02T09:02:00Z', { sessionId: 'u-2' }),
      ev('u', 'session_start', '2025-05-09T09:00:00Z', { sessionId: 'late' }),
      ev('u', 'session_end', '2025-05-09T10:00:00Z', { sessionId: 'late' }),
    ];
    const report = engagementReport(twoDays, {
      from: '2025-05-01',
      to: '2025-05-07',
      experiment: 'world-sim',
    });
    expect(report.variants[0]?.usageMinutes.mean).toBe(4); // (6 + 2) / 2 days
    expect(report.variants[0]?.sessions).toBe(2);
  });

  it('leaves out users seen in two variants, and other experiments', () => {
    const mixed = [
      ...visit('a', 'control', 3, true),
      ...visit('a', 'treatment', 3, true).map((e) => ({ ...e, sessionId: 'a-2' })),
      ...visit('b', 'treatment', 3, false),
      { ...visit('c', 'control', 3, true)[0], experiment: 'other' } as ProductEvent,
    ];
    const report = engagementReport(mixed, { from: '2025-05-01', to: '2025-05-01', experiment: 'world-sim' });
    expect(report.excludedUsers).toBe(1);
    expect(report.variants.map((v) => [v.variant, v.users])).toEqual([['treatment', 1]]);
    expect(renderEngagement(report)).toContain('1 user(s) were seen in more than one variant');
  });

  it('without an experiment, reports all active users as one group', () => {
    const report = engagementReport(events, { from: '2025-05-01', to: '2025-05-01' });
    expect(report.variants.map((v) => [v.variant, v.users, v.chatters])).toEqual([['all', 20, 13]]);
    expect(report.comparisons).toEqual([]);
  });
});
