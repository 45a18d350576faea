import { type LocalDateTime, zonedInstant } from '../core/index.ts';

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
