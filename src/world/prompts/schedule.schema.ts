import { z } from 'zod';
import type { Locale, SemanticCheck } from '../../core/index.ts';
import { type ScheduleRules, type TimedItem, validateSchedule } from '../schedule-rules.ts';

/** Output of `schedule.v1`: T2, the timeline. Titles only; details come from stage 3. */
export interface ScheduleOutput {
  items: TimedItem[];
}

/** Field hints are read by models (and by the project's simulator); the check enforces them. */
export function timeField(rules: ScheduleRules) {
  const { start, end } = rules.wakingHours;
  return z.string().trim().min(1).describe(`HH:MM, 24-hour clock, between ${start} and ${end}`);
}

export function titleField(locale: Locale) {
  return z
    .string()
    .trim()
    .min(1)
    .describe(
      locale === 'zh'
        ? 'in Chinese, 2-12 characters naming the activity, e.g. "公园散步"'
        : '2-5 words naming the activity, e.g. "Walk in park"',
    );
}

export function itemsHint(rules: ScheduleRules): string {
  const { target, min, max } = rules.items;
  return `${target} events (${min}-${max}) in chronological order, each at a different time`;
}

export function scheduleSchema(rules: ScheduleRules, locale: Locale): z.ZodType<ScheduleOutput> {
  return z.object({
    items: z
      .array(z.object({ time: timeField(rules), title: titleField(locale) }))
      .min(rules.items.min)
      .max(rules.items.max)
      .describe(itemsHint(rules)),
  });
}

export function checkSchedule(rules: ScheduleRules): SemanticCheck<ScheduleOutput> {
  return (value) => {
    const result = validateSchedule(value.items, rules);
    return result.ok ? { ok: true, value: { items: result.value } } : result;
  };
}
