import type { ScheduleItem, WorldDay } from '../core/index.ts';
import { localDate, localTime, parseHhMm } from '../core/index.ts';

/**
 * What the dialogue needs of a day (T1, T2, T3 of eq. 1) at one instant: the outline, the timeline with the
 * current item marked, the current and next items, and the details worth putting in the prompt.
 *
 * An item is current from its time until the next item's time; the last one until midnight. On a day that
 * has not started yet (or before its first item) nothing is current and the first item is next; on a day
 * that is over, nothing is current or next.
 */
export interface DayContext {
  date: string;
  outline: string;
  schedule: Array<{ time: string; title: string; current: boolean }>;
  current: ScheduleItem | null;
  next: ScheduleItem | null;
  /** current + next, and any item the query mentions, in schedule order. */
  details: ScheduleItem[];
}

export function currentIndex(day: WorldDay, now: Date, timeZone: string): { current: number; next: number } {
  const today = localDate(now, timeZone);
  const n = day.schedule.length;
  if (day.date > today) return { current: -1, next: n > 0 ? 0 : -1 };
  if (day.date < today) return { current: -1, next: -1 };
  const minutes = parseHhMm(localTime(now, timeZone)) ?? 0;
  let current = -1;
  day.schedule.forEach((item, i) => {
    const at = parseHhMm(item.time);
    if (at !== null && at <= minutes) current = i;
  });
  return { current, next: current + 1 < n ? current + 1 : -1 };
}

export function dayContext(
  day: WorldDay,
  now: Date,
  timeZone: string,
  options: { query?: string } = {},
): DayContext {
  const { current, next } = currentIndex(day, now, timeZone);
  const mentioned = new Set(options.query ? findItemsMentioned(day, options.query) : []);
  const details = day.schedule.filter((item, i) => i === current || i === next || mentioned.has(item));
  return {
    date: day.date,
    outline: day.outline,
    schedule: day.schedule.map((item, i) => ({ time: item.time, title: item.title, current: i === current })),
    current: day.schedule[current] ?? null,
    next: day.schedule[next] ?? null,
    details,
  };
}

const STOPWORDS = new Set(
  'the a an and or of in on at to for with from by into my your his her its our their some time day'.split(
    ' ',
  ),
);
const WORD = /[\p{L}\p{N}]+/gu;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

/**
 * Items of the day that `text` talks about: by time ("at 10:00"), by a significant title word ("the park",
 * "walking" for "Walk in park": a text word that starts with a title word of 4+ letters), or, for CJK
 * titles, by any two-character piece of the title ("公园" for "公园散步").
 */
export function findItemsMentioned(day: WorldDay, text: string): ScheduleItem[] {
  const lower = text.toLowerCase();
  const textWords = lower.match(WORD) ?? [];
  return day.schedule.filter((item) => {
    if (mentionsTime(lower, item.time)) return true;
    const title = item.title.toLowerCase();
    const words = (title.replace(CJK_RUN, ' ').match(WORD) ?? []).filter(
      (w) => w.length >= 3 && !STOPWORDS.has(w),
    );
    if (words.some((w) => textWords.some((t) => t === w || (w.length >= 4 && t.startsWith(w))))) return true;
    return (title.match(CJK_RUN) ?? []).some((run) => bigrams(run).some((pair) => lower.includes(pair)));
  });
}

/** "09:30" is mentioned by "9:30" or "09:30", not by "19:30". */
function mentionsTime(text: string, time: string): boolean {
  const [h, m] = time.split(':');
  return new RegExp(`(?<!\\d)0?${Number(h)}:${m}(?!\\d)`).test(text);
}

function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return [];
  return chars.slice(0, -1).map((c, i) => c + chars[i + 1]);
}
