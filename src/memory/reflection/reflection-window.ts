import type { Memory, ReflectionScope } from '../../core/index.ts';
import { addDays, localDate } from '../../core/index.ts';

/** Days before the night's date a reflection covers: the last few for the nightly one, the week for the weekly. */
export const WINDOW_DAYS: Readonly<Record<ReflectionScope, number>> = { nightly: 3, weekly: 7 };

/** At most this many memories of the pet and of the user reach a reflection prompt (the newest). */
export const MAX_WINDOW_MEMORIES: Readonly<Record<ReflectionScope, { pet: number; user: number }>> = {
  nightly: { pet: 40, user: 20 },
  weekly: { pet: 70, user: 30 },
};

/** Days between weekly reflections. */
export const WEEK = 7;

/**
 * The memories a reflection reads, each list oldest first: those that happened or were stored in the period
 * (from `periodStart` to now; none that happen later, like a day not lived yet), and the promises, plans and
 * upcoming events still ahead whenever they were made. At most `MAX_WINDOW_MEMORIES` each, the newest kept.
 */
export function windowOf(
  memories: readonly Memory[],
  q: { scope: ReflectionScope; periodStart: string; date: string; now: Date; timeZone: string },
): { pet: Memory[]; user: Memory[] } {
  const inWindow = (m: Memory) =>
    m.occurredAt <= q.now &&
    (localDate(m.occurredAt, q.timeZone) >= q.periodStart ||
      localDate(m.createdAt, q.timeZone) >= q.periodStart);
  const ahead = (m: Memory) =>
    (m.kind === 'promise' || m.kind === 'plan' || m.kind === 'upcoming') &&
    m.dueOn !== null &&
    m.dueOn >= q.date;
  const kept = memories
    .filter((m) => inWindow(m) || ahead(m))
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id.localeCompare(b.id));
  const max = MAX_WINDOW_MEMORIES[q.scope];
  return {
    pet: kept.filter((m) => m.subject === 'pet').slice(-max.pet),
    user: kept.filter((m) => m.subject === 'user').slice(-max.user),
  };
}

/**
 * Whether the night whose reflections end on `periodEnd` makes a weekly one: a week after the last weekly
 * one's end, or - with none yet - once the pair's first memory was stored a week before (a week of life to look
 * back on; imported memories of older events count from their import).
 * A fixed count of days rather than a weekday, so every pair's weeks start when its life does.
 */
export function weeklyDue(
  lastWeeklyEnd: string | null,
  memories: readonly Memory[],
  periodEnd: string,
  timeZone: string,
): boolean {
  if (lastWeeklyEnd !== null) return lastWeeklyEnd <= addDays(periodEnd, -WEEK);
  const oldest = memories.reduce<Date | null>(
    (min, m) => (min === null || m.createdAt < min ? m.createdAt : min),
    null,
  );
  return oldest !== null && localDate(oldest, timeZone) <= addDays(periodEnd, -(WEEK - 1));
}
