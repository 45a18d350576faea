import type { ProactivePreferences } from '../core/index.ts';
import { addDays, localDate, parseHhMm, wallClock, zonedInstant } from '../core/index.ts';

type Quiet = Pick<ProactivePreferences, 'quietStart' | 'quietEnd'>;

/** Minutes since local midnight of `at` in `timeZone`. */
function localMinutes(at: Date, timeZone: string): number {
  const { hour, minute } = wallClock(at, timeZone);
  return hour * 60 + minute;
}

/**
 * Whether `at` falls in the user's quiet hours, read on the wall clock of `timeZone`: from `quietStart`
 * (included) to `quietEnd` (excluded). A range whose start is later than its end wraps past midnight
 * (22:00-08:00); equal ends mean no quiet hours.
 */
export function inQuietHours(at: Date, timeZone: string, quiet: Quiet): boolean {
  const start = parseHhMm(quiet.quietStart);
  const end = parseHhMm(quiet.quietEnd);
  if (start === null || end === null || start === end) return false;
  const m = localMinutes(at, timeZone);
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/**
 * The first instant after `at` (inside the quiet hours) when they end: `quietEnd` on the wall clock, today
 * or - when the range wraps and `at` is before midnight - tomorrow. Read through the time zone's rules, so a
 * day that is 23 or 25 hours long (daylight saving) still ends the quiet hours at the local time; an end
 * that falls in a skipped hour resolves to the instant the clocks jumped to.
 */
export function quietHoursEnd(at: Date, timeZone: string, quiet: Quiet): Date {
  const start = parseHhMm(quiet.quietStart) ?? 0;
  const end = parseHhMm(quiet.quietEnd) ?? 0;
  const today = localDate(at, timeZone);
  const m = localMinutes(at, timeZone);
  const date = start > end && m >= start ? addDays(today, 1) : today;
  let result = localInstant(date, end, timeZone);
  // A local time that does not exist or repeats (DST) can land at or before `at`: the next day's then.
  if (result.getTime() <= at.getTime()) result = localInstant(addDays(date, 1), end, timeZone);
  return result;
}

/** The instant of `minutes` past midnight on local `date` (YYYY-MM-DD) in `timeZone`. */
export function localInstant(date: string, minutes: number, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return zonedInstant({ year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60 }, timeZone);
}
