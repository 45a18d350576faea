import type { Locale } from '../core/index.ts';
import { formatHhMm, parseHhMm } from '../core/index.ts';
import type { WorldOptions } from './options.ts';
import { lengthProblem, TITLE_LENGTH } from './text-length.ts';

/**
 * What a schedule must satisfy before it is stored, and what is repaired instead of asked again:
 * - repaired: "9:00", "09.00" and "09：00" become "09:00"; titles lose surrounding quotes and trailing
 *   punctuation; a second item at an already used time is dropped (the first one wins); items are sorted.
 * - asked again (problems): a time that does not parse, a title outside 2-5 words (2-12 CJK characters),
 *   an item outside waking hours, fewer or more items than allowed once duplicates are gone.
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
  | { ok: false; problems: string[] };

export function validateSchedule<T extends TimedItem>(
  items: readonly T[],
  rules: ScheduleRules,
): ScheduleValidation<T> {
  const start = parseHhMm(rules.wakingHours.start)!;
  const end = parseHhMm(rules.wakingHours.end)!;
  const problems: string[] = [];
  const repairs: string[] = [];
  const byMinute = new Map<number, T>();

  items.forEach((item, i) => {
    const label = `item ${i + 1}`;
    const minutes = parseHhMm(normalizeTime(item.time));
    const title = cleanTitle(item.title);
    if (title !== item.title) repairs.push(`${label}: title cleaned`);
    const titleProblem = lengthProblem(
      `${label} title "${title.slice(0, 80)}"`,
      title,
      TITLE_LENGTH,
      rules.locale,
    );
    if (titleProblem) problems.push(titleProblem);
    if (minutes === null) {
      problems.push(`${label}: time "${item.time.slice(0, 20)}" is not HH:MM (24-hour)`);
      return;
    }
    if (minutes < start || minutes > end) {
      problems.push(
        `${label} at ${formatHhMm(minutes)} is outside waking hours ${rules.wakingHours.start}-${rules.wakingHours.end}`,
      );
      return;
    }
    if (byMinute.has(minutes)) {
      repairs.push(`${label}: second item at ${formatHhMm(minutes)} dropped`);
      return;
    }
    byMinute.set(minutes, { ...item, time: formatHhMm(minutes), title });
  });

  const given = [...byMinute.values()];
  const kept = [...byMinute.entries()].sort(([a], [b]) => a - b).map(([, item]) => item);
  if (kept.some((item, i) => item !== given[i])) repairs.push('items sorted by time');
  const { min, max } = rules.items;
  if (problems.length === 0 && (kept.length < min || kept.length > max)) {
    problems.push(`the schedule has ${kept.length} distinct events, needs ${min}-${max}`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: kept, repairs };
}

function normalizeTime(value: string): string {
  return value.trim().replace(/[.：h]/, ':');
}

function cleanTitle(value: string): string {
  return value
    .trim()
    .replace(/^["'“”‘’「」《》]+|["'“”‘’「」《》]+$/g, '')
    .replace(/[.。!！,，;；:：]+$/u, '')
    .trim();
}
