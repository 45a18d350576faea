import { addDays, isIsoDate, type LocalDateTime, localDate, zonedInstant } from '../core/index.ts';

/**
 * Resolves the `when` an extractor gives a memory (absolute or relative, English or Chinese) to an instant.
 * Pure: the anchor (the session time) and the user's time zone are passed in. Anything unreadable, or wildly
 * out of range, falls back to the anchor: a memory is never dropped for a bad date.
 */

const DAY_MS = 86_400_000;
const MAX_SPAN_MS = 200 * 365 * DAY_MS;

const UNIT_DAYS: Record<string, number> = {
  day: 1,
  days: 1,
  week: 7,
  weeks: 7,
  month: 30,
  months: 30,
  year: 365,
  years: 365,
  天: 1,
  日: 1,
  周: 7,
  星期: 7,
  个星期: 7,
  个月: 30,
  月: 30,
  年: 365,
};

const NAMED_OFFSETS: Record<string, number> = {
  now: 0,
  today: 0,
  tonight: 0,
  'this morning': 0,
  'this evening': 0,
  'just now': 0,
  yesterday: -1,
  'the day before yesterday': -2,
  tomorrow: 1,
  'the day after tomorrow': 2,
  'last week': -7,
  'next week': 7,
  'last month': -30,
  'next month': 30,
  'last year': -365,
  'next year': 365,
  现在: 0,
  今天: 0,
  今晚: 0,
  刚才: 0,
  昨天: -1,
  昨晚: -1,
  前天: -2,
  明天: 1,
  后天: 2,
  上周: -7,
  上星期: -7,
  下周: 7,
  下星期: 7,
  上个月: -30,
  下个月: 30,
  去年: -365,
  明年: 365,
};

export function resolveWhen(when: string | null | undefined, anchor: Date, timeZone: string): Date {
  if (!when) return anchor;
  const resolved = parseWhen(when.trim().toLowerCase(), anchor, timeZone);
  if (!resolved || Number.isNaN(resolved.getTime())) return anchor;
  if (Math.abs(resolved.getTime() - anchor.getTime()) > MAX_SPAN_MS) return anchor;
  return resolved;
}

function parseWhen(value: string, anchor: Date, timeZone: string): Date | null {
  const named = NAMED_OFFSETS[value];
  if (named !== undefined) return shift(anchor, named);

  // Instant with an explicit zone: 2025-03-01T10:00:00Z, 2025-03-01T10:00+08:00
  if (/^\d{4}-\d{2}-\d{2}t\d{2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})$/.test(value)) {
    return new Date(value.toUpperCase());
  }
  // Local date or date-time in the user's zone: 2025-03-01, 2025-03-01 18:30, 2025/3/1
  const local = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t\s](\d{1,2}):(\d{2}))?$/.exec(value);
  if (local) {
    const [, y, mo, d, h, mi] = local;
    return localInstant(
      {
        year: Number(y),
        month: Number(mo),
        day: Number(d),
        hour: h ? Number(h) : 12,
        minute: Number(mi ?? 0),
      },
      timeZone,
    );
  }
  const zhDate = /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]$/.exec(value);
  if (zhDate) {
    const [, y, mo, d] = zhDate;
    return localInstant(
      { year: Number(y), month: Number(mo), day: Number(d), hour: 12, minute: 0 },
      timeZone,
    );
  }
  // -3d, +2w
  const compact = /^([+-])(\d{1,4})([dwmy])$/.exec(value);
  if (compact) {
    const [, sign, n, unit] = compact;
    const days = Number(n) * ({ d: 1, w: 7, m: 30, y: 365 } as const)[unit as 'd' | 'w' | 'm' | 'y'];
    return shift(anchor, sign === '-' ? -days : days);
  }
  // 3 days ago, in 2 weeks, a week ago
  const ago = /^(\d{1,4}|an?)\s+(days?|weeks?|months?|years?)\s+ago$/.exec(value);
  if (ago) return shift(anchor, -count(ago[1]) * unitDays(ago[2]));
  const ahead = /^in\s+(\d{1,4}|an?)\s+(days?|weeks?|months?|years?)$/.exec(value);
  if (ahead) return shift(anchor, count(ahead[1]) * unitDays(ahead[2]));
  // 3天前, 两周后 (digits only), 2个月以后
  const zh = /^(\d{1,4})\s*(天|日|周|星期|个星期|个月|月|年)(前|以前|之前|后|以后|之后)$/.exec(value);
  if (zh) {
    const days = Number(zh[1]) * unitDays(zh[2]);
    return shift(anchor, zh[3]?.includes('前') ? -days : days);
  }
  return null;
}

function count(token: string | undefined): number {
  return token === 'a' || token === 'an' ? 1 : Number(token);
}

function unitDays(unit: string | undefined): number {
  return UNIT_DAYS[unit ?? ''] ?? 1;
}

function shift(anchor: Date, days: number): Date {
  return new Date(anchor.getTime() + days * DAY_MS);
}

/** The instant of a local date-time in `timeZone`, or null when the date does not exist (2025-02-30). */
function localInstant(local: LocalDateTime, timeZone: string): Date | null {
  const { year, month, day, hour, minute } = local;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  return zonedInstant(local, timeZone);
}

/** A span of past local dates a message asks about ("yesterday", "last week", 上周): inclusive dates and instants. */
export interface RecallPeriod {
  /** YYYY-MM-DD, the owner's local dates, inclusive. */
  start: string;
  end: string;
  /** Local midnight starting `start`, and local midnight after `end`, in the owner's time zone. */
  from: Date;
  to: Date;
}

const EN_WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const ZH_WEEKDAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };
const SMALL_NUMBERS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  一: 1,
  两: 2,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
};

type DayRange = [startOffset: number, endOffset: number];

/**
 * The past period a message asks about, or null: the day before yesterday / 前天, yesterday / last night /
 * 昨天 / 昨晚, N days ago / N天前, last weekend / 上周末, last week / 上周 (the previous Monday-Sunday week),
 * last Monday / 上周一, an explicit past date (2026-12-05). The earliest mention wins. Pure: `now` and the
 * owner's time zone are passed in.
 */
export function pastPeriodIn(text: string, now: Date, timeZone: string): RecallPeriod | null {
  const today = localDate(now, timeZone);
  // ISO weekday of today: 1 Monday ... 7 Sunday.
  const isoDay = ((new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
  const monday = 1 - isoDay;
  const lower = text.toLowerCase();
  const found: Array<{ at: number; length: number; range: DayRange }> = [];
  const scan = (pattern: RegExp, range: (m: RegExpExecArray) => DayRange | null) => {
    for (const m of lower.matchAll(pattern)) {
      const r = range(m as RegExpExecArray);
      if (r) found.push({ at: m.index ?? 0, length: m[0].length, range: r });
    }
  };
  const daysAgo = (n: number | undefined): DayRange | null =>
    n !== undefined && n >= 1 && n <= 366 ? [-n, -n] : null;
  const count = (token: string | undefined) =>
    token === undefined ? undefined : /^\d+$/.test(token) ? Number(token) : SMALL_NUMBERS[token];

  scan(/\bthe day before yesterday\b/g, () => [-2, -2]);
  scan(/\byesterday\b|\blast night\b/g, () => [-1, -1]);
  scan(/\b(\d{1,3}|an?|one|two|three|four|five|six|seven) days? ago\b/g, (m) => daysAgo(count(m[1])));
  scan(/\ba (?:few|couple of) days ago\b/g, () => [-4, -2]);
  scan(/\blast weekend\b/g, () => [monday - 2, monday - 1]);
  scan(/\blast week\b(?!end)/g, () => [monday - 7, monday - 1]);
  scan(new RegExp(`\\blast (${EN_WEEKDAYS.join('|')})\\b`, 'g'), (m) => {
    const iso = EN_WEEKDAYS.indexOf(m[1] ?? '') + 1;
    // The most recent one before today.
    const back = (isoDay - iso + 7) % 7 || 7;
    return [-back, -back];
  });
  scan(/大前天/g, () => [-3, -3]);
  scan(/前天/g, () => [-2, -2]);
  scan(/昨天|昨晚|昨日|昨儿/g, () => [-1, -1]);
  scan(/(\d{1,3}|[一两二三四五六七])天(?:前|以前|之前)/g, (m) => daysAgo(count(m[1])));
  scan(/上(?:个)?周末/g, () => [monday - 2, monday - 1]);
  scan(/上(?:个)?(?:周|星期|礼拜)(?![末一二三四五六日天])/g, () => [monday - 7, monday - 1]);
  scan(/上(?:个)?(?:周|星期|礼拜)([一二三四五六日天])/g, (m) => {
    const day = monday - 7 + (ZH_WEEKDAYS[m[1] ?? ''] ?? 1) - 1;
    return [day, day];
  });
  scan(/\b(\d{4}-\d{2}-\d{2})\b/g, (m) => {
    const date = m[1] ?? '';
    if (!isIsoDate(date) || date >= today) return null;
    const offset = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
    return offset >= -366 ? [offset, offset] : null;
  });

  const first = found.sort((a, b) => a.at - b.at || b.length - a.length)[0];
  if (!first) return null;
  const start = addDays(today, first.range[0]);
  const end = addDays(today, first.range[1]);
  return { start, end, from: midnight(start, timeZone), to: midnight(addDays(end, 1), timeZone) };
}

function midnight(date: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  return zonedInstant({ year: year ?? 1970, month: month ?? 1, day: day ?? 1, hour: 0, minute: 0 }, timeZone);
}

/**
 * The local date a promise, plan or upcoming event falls due, from what the extractor wrote (`YYYY-MM-DD`,
 * or a relative form like `resolveWhen` reads: "tomorrow", "in 2 weeks", 明天), resolved against the session
 * time in the owner's zone; null when it is missing, unreadable or more than a year and a day away.
 */
export function resolveDueDate(
  due: string | null | undefined,
  anchor: Date,
  timeZone: string,
): string | null {
  if (!due) return null;
  const resolved = parseWhen(due.trim().toLowerCase(), anchor, timeZone);
  if (!resolved || Number.isNaN(resolved.getTime())) return null;
  if (Math.abs(resolved.getTime() - anchor.getTime()) > 367 * DAY_MS) return null;
  return localDate(resolved, timeZone);
}
