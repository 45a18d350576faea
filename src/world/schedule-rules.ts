import type { Locale } from '../core/index.ts';
import { formatHhMm, parseHhMm } from '../core/index.ts';
import type { WorldOptions } from './options.ts';
import { keepUnits, measureText, TITLE_LENGTH, unitOf } from './text-length.ts';

/**
 * What a schedule must satisfy before it is stored. Everything is repaired where it can be, so that one bad
 * item never costs the day:
 * - "9:00", "09.00" and "09：00" become "09:00"; titles lose surrounding quotes and trailing punctuation, and
 *   a title longer than 5 words (12 CJK characters) keeps its first ones;
 * - dropped: an item whose time does not parse or lies outside waking hours, whose title is shorter than 2
 *   words (characters), or at a time already used (the first one wins); beyond the most items allowed, the
 *   latest go;
 * - the rest is sorted by time.
 * Only too few items (given, or left) is a problem: asked again, the items left `usable` for a degraded day.
 * The JSON schema sent to the model carries all of these rules but the distinct times and the order.
 */
export interface TimedItem {
  time: string;
  title: string;
}

export type ScheduleRules = Pick<WorldOptions, 'wakingHours' | 'items'> & {
  /** The user's language: Chinese titles are measured in characters. */
  locale?: Locale;
};

export type ScheduleValidation<T extends TimedItem> =
  | { ok: true; value: T[]; repairs: string[] }
  | { ok: false; problems: string[]; repairs: string[]; usable: T[] };

/** Findings about rules JSON Schema cannot carry (see the call specs). */
export const SCHEDULE_FINDINGS = {
  cleaned: /: title cleaned$/,
  trimmed: /: title cut to its first \d+ (words|characters)$/,
  sameTime: /: second item at \d\d:\d\d dropped$/,
  sorted: /^items sorted by time$/,
  tooFew: /^the schedule has \d+ distinct events, needs \d+-\d+$/,
} as const;

export function validateSchedule<T extends TimedItem>(
  items: readonly T[],
  rules: ScheduleRules,
): ScheduleValidation<T> {
  const start = parseHhMm(rules.wakingHours.start)!;
  const end = parseHhMm(rules.wakingHours.end)!;
  const repairs: string[] = [];
  const byMinute = new Map<number, T>();

  items.forEach((item, i) => {
    const label = `item ${i + 1}`;
    const minutes = parseHhMm(normalizeTime(item.time));
    if (minutes === null) {
      repairs.push(`${label}: time "${item.time.slice(0, 20)}" is not HH:MM (24-hour), dropped`);
      return;
    }
    if (minutes < start || minutes > end) {
      repairs.push(
        `${label} at ${formatHhMm(minutes)} is outside waking hours ${rules.wakingHours.start}-${rules.wakingHours.end}, dropped`,
      );
      return;
    }
    const time = formatHhMm(minutes);
    if (time !== item.time) repairs.push(`${label}: time "${item.time.slice(0, 20)}" read as ${time}`);
    let title = cleanTitle(item.title);
    if (title !== item.title) repairs.push(`${label}: title cleaned`);
    const unit = unitOf(title, rules.locale);
    const [min, max] = TITLE_LENGTH[unit];
    const noun = unit === 'words' ? 'words' : 'characters';
    const { count } = measureText(title, rules.locale);
    if (count < min) {
      repairs.push(
        `${label} title "${title.slice(0, 40)}" has ${count} ${noun}, needs ${min}-${max}, dropped`,
      );
      return;
    }
    if (count > max) {
      title = cleanTitle(keepUnits(title, max));
      repairs.push(`${label}: title cut to its first ${max} ${noun}`);
    }
    if (byMinute.has(minutes)) {
      repairs.push(`${label}: second item at ${time} dropped`);
      return;
    }
    byMinute.set(minutes, { ...item, time, title });
  });

  const given = [...byMinute.values()];
  let kept = [...byMinute.entries()].sort(([a], [b]) => a - b).map(([, item]) => item);
  if (kept.some((item, i) => item !== given[i])) repairs.push('items sorted by time');
  const { min, max } = rules.items;
  if (kept.length > max) {
    repairs.push(`${kept.length - max} events after ${kept[max - 1]!.time} dropped (at most ${max})`);
    kept = kept.slice(0, max);
  }
  if (kept.length < min) {
    // Too few given, or too few left: what made the count fall short goes back to the model too.
    const dropped = repairs.filter((r) => r.endsWith('dropped'));
    const count =
      items.length < min
        ? `the schedule has ${items.length} events, needs ${min}-${max}`
        : `the schedule has ${kept.length} distinct events, needs ${min}-${max}`;
    return { ok: false, problems: [count, ...dropped], repairs, usable: kept };
  }
  return { ok: true, value: kept, repairs };
}

function normalizeTime(value: string): string {
  return value.trim().replace(/[.：h]/, ':');
}

function cleanTitle(value: string): string {
  return value
    .trim()
    .replace(/^["'“”‘’「」《》]+|["'“”‘’「」《》]+$/g, '')
    .replace(/[.。!！,，;；:：、\s]+$/u, '')
    .trim();
}
