/**
 * Calendar helpers in a user's time zone: the one place that reads wall clocks through `Intl`. Pure: every
 * instant is passed in (a clock's `now()`), never read here.
 */

/** A wall-clock reading: what a clock on the wall in some time zone shows (month 1-12, hour 0-23). */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();

function wallFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    // Zone names are few, but their spelling is not (case): keep the cache bounded.
    if (wallFormats.size >= 1000) wallFormats.clear();
    wallFormats.set(timeZone, format);
  }
  return format;
}

/** What the wall clock in `timeZone` shows at `at`, to the second. Throws RangeError for an unknown zone. */
export function wallClock(at: Date, timeZone: string): LocalDateTime & { second: number } {
  const parts = wallFormat(timeZone).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD of `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  const { year, month, day } = wallClock(at, timeZone);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** HH:MM (24h) of `at` in `timeZone`. */
export function localTime(at: Date, timeZone: string): string {
  const { hour, minute } = wallClock(at, timeZone);
  return `${pad2(hour)}:${pad2(minute)}`;
}

/** Whether `timeZone` is an IANA zone this runtime knows (`Europe/Paris`, `Asia/Shanghai`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    wallFormat(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** How far `timeZone`'s wall clock is ahead of UTC at instant `t` (ms; whole seconds). */
function offsetMs(t: number, timeZone: string): number {
  const w = wallClock(new Date(t), timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(t / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows `local`. Two passes: the offset at the first
 * guess can differ from the offset at the answer near a daylight-saving change. Out-of-range fields roll
 * over as in `Date.UTC` (callers that parse user input check them first).
 */
export function zonedInstant(local: LocalDateTime, timeZone: string): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const first = wall - offsetMs(wall, timeZone);
  return new Date(wall - offsetMs(first, timeZone));
}

/** Milliseconds from `now` to the next local midnight in `timeZone` (at least one second). */
export function msUntilLocalMidnight(now: Date, timeZone: string): number {
  const { hour, minute, second } = wallClock(now, timeZone);
  const elapsed = (hour * 3600 + minute * 60 + second) * 1000 + now.getMilliseconds();
  return Math.max(1000, 86_400_000 - elapsed);
}

/** Minutes since midnight of an `HH:MM` string, or null when it does not parse. */
export function parseHhMm(value: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

export function formatHhMm(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The date `days` after `date` (YYYY-MM-DD arithmetic, no timezone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// Building a DateTimeFormat costs far more than formatting with one (every chat turn names the weekday).
const weekdayFormats = {
  en: new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: 'UTC' }),
  zh: new Intl.DateTimeFormat('zh-CN', { weekday: 'long', timeZone: 'UTC' }),
};

/** Local wall-clock weekday name of a date. */
export function weekday(date: string, locale: 'en' | 'zh' = 'en'): string {
  return weekdayFormats[locale === 'zh' ? 'zh' : 'en'].format(new Date(`${date}T12:00:00Z`));
}
