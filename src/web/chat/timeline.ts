import type { Locale } from '../api/types.ts';
import type { ChatLine } from './chat-state.ts';

const tag = (locale: Locale) => (locale === 'zh' ? 'zh-CN' : 'en');

/** The calendar date (YYYY-MM-DD) of an instant in a time zone (the browser's when the zone is unknown). */
export function dayIn(at: Date, timeZone: string): string {
  const parts = (zone: string | undefined) =>
    new Intl.DateTimeFormat('en-CA', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(zone ? { timeZone: zone } : {}),
    }).format(at);
  try {
    return parts(timeZone);
  } catch {
    return parts(undefined);
  }
}

function format(at: Date, locale: Locale, timeZone: string, options: Intl.DateTimeFormatOptions): string {
  try {
    return new Intl.DateTimeFormat(tag(locale), { ...options, timeZone }).format(at);
  } catch {
    return new Intl.DateTimeFormat(tag(locale), options).format(at);
  }
}

/**
 * A message's time in the user's time zone: "14:05" today, "1 Mar, 14:05" on another day of this year,
 * with the year before that.
 */
export function messageTime(iso: string, locale: Locale, timeZone: string, now: Date): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  const day = dayIn(at, timeZone);
  const today = dayIn(now, timeZone);
  if (day === today) return format(at, locale, timeZone, time);
  const year = day.slice(0, 4) === today.slice(0, 4) ? {} : { year: 'numeric' as const };
  return format(at, locale, timeZone, { month: 'short', day: 'numeric', ...year, ...time });
}

/** What a session divider says: today, yesterday, or the date (weekday, day, month; the year when not this one). */
export type SessionDay = { kind: 'today' } | { kind: 'yesterday' } | { kind: 'date'; text: string };

export function sessionDay(iso: string, locale: Locale, timeZone: string, now: Date): SessionDay {
  const at = new Date(iso);
  const day = dayIn(at, timeZone);
  const today = dayIn(now, timeZone);
  if (day === today) return { kind: 'today' };
  if (day === dayIn(new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000), 'UTC'))
    return { kind: 'yesterday' };
  const year = day.slice(0, 4) === today.slice(0, 4) ? {} : { year: 'numeric' as const };
  return {
    kind: 'date',
    text: format(at, locale, timeZone, { weekday: 'long', month: 'long', day: 'numeric', ...year }),
  };
}

export type ChatItem =
  | { kind: 'divider'; key: string; at: string }
  | { kind: 'line'; key: string; line: ChatLine };

/**
 * The conversation with a divider where a session starts (before the first line of each session the
 * history names). Lines written here and not reloaded yet have no session: they stay in the one before.
 * `fromStart`: the first line is the first of all; otherwise its session may have begun on an earlier page
 * not loaded yet, so it gets no divider.
 */
export function chatItems(lines: readonly ChatLine[], fromStart = true): ChatItem[] {
  const items: ChatItem[] = [];
  let session: string | null = fromStart ? null : (lines[0]?.sessionId ?? null);
  for (const line of lines) {
    if (line.sessionId && line.sessionId !== session) {
      session = line.sessionId;
      if (line.createdAt) items.push({ kind: 'divider', key: `divider:${session}`, at: line.createdAt });
    }
    items.push({ kind: 'line', key: line.uid, line });
  }
  return items;
}
