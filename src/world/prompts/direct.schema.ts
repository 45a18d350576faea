import { z } from 'zod';
import type { Locale, ScheduleItem, SemanticCheck } from '../../core/index.ts';
import { type ScheduleRules, validateSchedule } from '../schedule-rules.ts';
import { DETAIL_LENGTH, lengthProblem } from '../text-length.ts';
import { detailField } from './detail.schema.ts';
import { checkOutline, type DayOutline, outlineFields } from './outline.schema.ts';
import { itemsHint, timeField, titleField } from './schedule.schema.ts';

/** Output of `direct.v1`: the paper's Direct Generation baseline, outline + schedule + details at once. */
export interface DirectOutput {
  outline: DayOutline;
  schedule: ScheduleItem[];
}

export function directSchema(
  friendNames: readonly string[],
  rules: ScheduleRules,
  locale: Locale,
): z.ZodType<DirectOutput> {
  return z.object({
    outline: z.object(outlineFields(friendNames)),
    schedule: z
      .array(z.object({ time: timeField(rules), title: titleField(locale), detail: detailField(locale) }))
      .min(rules.items.min)
      .max(rules.items.max)
      .describe(itemsHint(rules)),
  });
}

/** The same rules as the staged pipeline: schedule repairs and checks, then every detail's length. */
export function checkDirect(rules: ScheduleRules): SemanticCheck<DirectOutput> {
  return (value) => {
    const schedule = validateSchedule(value.schedule, rules);
    if (!schedule.ok) return schedule;
    const problems = schedule.value.flatMap((item) => {
      const problem = lengthProblem(`the detail of ${item.time}`, item.detail, DETAIL_LENGTH, rules.locale);
      return problem ? [problem] : [];
    });
    if (problems.length > 0) return { ok: false, problems };
    const outline = checkOutline(value.outline);
    if (!outline.ok) return outline;
    return { ok: true, value: { outline: outline.value, schedule: schedule.value } };
  };
}
