import { z } from 'zod';
import type { Locale, SemanticCheck } from '../../core/index.ts';
import { modelBounds } from '../../core/index.ts';
import { clockRangePattern, titleBounds } from '../field-bounds.ts';
import { type ScheduleRules, type TimedItem, validateSchedule } from '../schedule-rules.ts';

/** Output of `schedule.v1`: T2, the timeline. Titles only; details come from stage 3. */
export interface ScheduleOutput {
  items: TimedItem[];
}

/**
 * The bounds (times within waking hours, title lengths, item counts) are in the JSON schema sent to the
 * model; the parse leaves them to the schedule check, which repairs an answer that ignores them item by item
 * instead of refusing it whole. Descriptions say the same in words, for models that read them.
 */
export function timeField(rules: ScheduleRules) {
  const { start, end } = rules.wakingHours;
  const pattern = clockRangePattern(start, end);
  return modelBounds(z.string(), { minLength: 5, maxLength: 5, pattern }).describe(
    `HH:MM, 24-hour clock, between ${start} and ${end}`,
  );
}

export function titleField(locale: Locale) {
  return modelBounds(z.string(), titleBounds(locale)).describe(
    locale === 'zh'
      ? 'in Chinese, 2-12 characters naming the activity, e.g. "公园散步"'
      : '2-5 words naming the activity, e.g. "Walk in park"',
  );
}

export function itemsHint(rules: ScheduleRules): string {
  const { target, min, max } = rules.items;
  return `${target} events (${min}-${max}) in chronological order, each at a different time`;
}

export function itemsField<S extends z.ZodType>(item: S, rules: ScheduleRules) {
  const { min, max } = rules.items;
  return modelBounds(z.array(item), { minItems: min, maxItems: max }).describe(itemsHint(rules));
}

export function scheduleSchema(rules: ScheduleRules, locale: Locale): z.ZodType<ScheduleOutput> {
  return z.object({
    items: itemsField(z.object({ time: timeField(rules), title: titleField(locale) }), rules),
  });
}

/** Repairs the timeline; too few items left is asked again, and kept (degraded) when attempts run out. */
export function checkSchedule(rules: ScheduleRules): SemanticCheck<ScheduleOutput> {
  return (value) => {
    const result = validateSchedule(value.items, rules);
    if (result.ok) return { ok: true, value: { items: result.value }, repairs: result.repairs };
    const { problems, repairs, usable } = result;
    return { ok: false, problems, repairs, ...(usable.length > 0 ? { usable: { items: usable } } : {}) };
  };
}
