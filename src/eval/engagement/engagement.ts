import type { ProductEvent } from '../../core/index.ts';
import {
  type Difference,
  type Interval,
  meanInterval,
  rateDifference,
  type Summary,
  summarize,
  type WelchResult,
  welchInterval,
  wilsonInterval,
} from '../common/stats.ts';

/**
 * The paper's Table 2 from product events, per variant of an A/B experiment:
 *
 * - dialogue engagement rate: among active users (any event in the window), the share who sent at least one
 *   message; 95% Wilson interval; difference to the baseline with Newcombe's hybrid score interval;
 * - usage time: per active user, the minutes of their sessions divided by the days (UTC) they were active,
 *   then the mean over users; 95% t interval; difference to the baseline with Welch's interval.
 *
 * A session is the events sharing a `sessionId`; it lasts from its `session_start` (or its first event) to its
 * `session_end` (or its last event). Users seen in more than one variant are left out and counted.
 */
export interface VariantEngagement {
  variant: string;
  users: number;
  chatters: number;
  engagementRate: number;
  engagementInterval: Interval;
  sessions: number;
  /** Minutes per active day, one value per user. */
  usageMinutes: Summary;
  usageInterval: Interval;
}

export interface VariantComparison {
  variant: string;
  baseline: string;
  /** Rate difference (variant - baseline), in rate units. */
  engagement: Difference & { relative: number };
  /** Usage difference in minutes per day. */
  usage: WelchResult & { relative: number };
}

export interface EngagementReport {
  from: string;
  to: string;
  experiment: string | null;
  variants: VariantEngagement[];
  comparisons: VariantComparison[];
  /** Users with events in more than one variant (left out). */
  excludedUsers: number;
  events: number;
}

export interface EngagementOptions {
  /** First and last day, YYYY-MM-DD (UTC), inclusive. */
  from: string;
  to: string;
  experiment?: string;
  /** The variant others are compared to; default `control` when present, else the first by name. */
  baseline?: string;
}

const DAY_MS = 86_400_000;

export function reportWindow(from: string, to: string): { start: Date; end: Date } {
  return {
    start: new Date(`${from}T00:00:00.000Z`),
    end: new Date(new Date(`${to}T00:00:00.000Z`).getTime() + DAY_MS),
  };
}

export function engagementReport(
  events: readonly ProductEvent[],
  options: EngagementOptions,
): EngagementReport {
  const { start, end } = reportWindow(options.from, options.to);
  const experiment = options.experiment ?? null;
  const inWindow = events.filter(
    (e) =>
      e.at >= start &&
      e.at < end &&
      (experiment === null || (e.experiment === experiment && e.variant !== null)),
  );

  const byUser = new Map<string, ProductEvent[]>();
  for (const e of inWindow) {
    const list = byUser.get(e.userId) ?? [];
    list.push(e);
    byUser.set(e.userId, list);
  }
  const groups = new Map<string, UserStats[]>();
  let excluded = 0;
  for (const [, list] of byUser) {
    const variants = new Set(list.map((e) => (experiment === null ? 'all' : (e.variant as string))));
    if (variants.size > 1) {
      excluded++;
      continue;
    }
    const [variant] = variants as Set<string>;
    const group = groups.get(variant as string) ?? [];
    group.push(userStats(list));
    groups.set(variant as string, group);
  }

  const variants = [...groups.keys()].sort().map((variant): VariantEngagement => {
    const users = groups.get(variant) ?? [];
    const chatters = users.filter((u) => u.chatted).length;
    const usage = summarize(users.map((u) => u.minutesPerDay));
    return {
      variant,
      users: users.length,
      chatters,
      engagementRate: users.length === 0 ? Number.NaN : chatters / users.length,
      engagementInterval: wilsonInterval(chatters, users.length),
      sessions: users.reduce((a, u) => a + u.sessions, 0),
      usageMinutes: usage,
      usageInterval: meanInterval(usage),
    };
  });

  const baseline =
    options.baseline ?? (variants.some((v) => v.variant === 'control') ? 'control' : variants[0]?.variant);
  const base = variants.find((v) => v.variant === baseline);
  const comparisons: VariantComparison[] = base
    ? variants
        .filter((v) => v !== base)
        .map((v) => {
          const rate = rateDifference(
            { successes: base.chatters, n: base.users },
            { successes: v.chatters, n: v.users },
          );
          const usage = welchInterval(base.usageMinutes, v.usageMinutes);
          return {
            variant: v.variant,
            baseline: base.variant,
            engagement: { ...rate, relative: rate.diff / base.engagementRate },
            usage: { ...usage, relative: usage.diff / base.usageMinutes.mean },
          };
        })
    : [];
  return {
    from: options.from,
    to: options.to,
    experiment,
    variants,
    comparisons,
    excludedUsers: excluded,
    events: inWindow.length,
  };
}

interface UserStats {
  chatted: boolean;
  sessions: number;
  minutesPerDay: number;
}

function userStats(events: readonly ProductEvent[]): UserStats {
  const days = new Set(events.map((e) => e.at.toISOString().slice(0, 10)));
  const sessions = new Map<string, ProductEvent[]>();
  for (const e of events) {
    if (e.sessionId === null) continue;
    const list = sessions.get(e.sessionId) ?? [];
    list.push(e);
    sessions.set(e.sessionId, list);
  }
  let minutes = 0;
  for (const [, list] of sessions) minutes += sessionMinutes(list);
  return {
    chatted: events.some((e) => e.kind === 'message_sent'),
    sessions: sessions.size,
    minutesPerDay: minutes / days.size,
  };
}

/** From session_start (or the first event) to session_end (or the last event); never negative. */
export function sessionMinutes(events: readonly ProductEvent[]): number {
  const times = events.map((e) => e.at.getTime());
  const starts = events.filter((e) => e.kind === 'session_start').map((e) => e.at.getTime());
  const ends = events.filter((e) => e.kind === 'session_end').map((e) => e.at.getTime());
  const begin = starts.length > 0 ? Math.min(...starts) : Math.min(...times);
  const finish = ends.length > 0 ? Math.max(...ends) : Math.max(...times);
  return Math.max(0, finish - begin) / 60_000;
}
