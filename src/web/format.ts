import type { Locale } from './api/types.ts';

const tag = (locale: Locale) => (locale === 'zh' ? 'zh-CN' : 'en');

/** "Friday, 1 May" for a YYYY-MM-DD calendar date (no time zone shift: the date is already local). */
export function formatDate(date: string, locale: Locale): string {
  const at = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(at.getTime())) return date;
  return new Intl.DateTimeFormat(tag(locale), {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(at);
}

/** A short date and time for an ISO instant, in the user's time zone. */
export function formatInstant(iso: string, locale: Locale, timeZone: string, withTime = true): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(tag(locale), {
      month: 'short',
      day: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
      timeZone,
    }).format(at);
  } catch {
    return at.toLocaleString(tag(locale));
  }
}
