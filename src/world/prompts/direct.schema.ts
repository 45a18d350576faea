import { z } from 'zod';
import type { Locale, ScheduleItem, SemanticCheck } from '../../core/index.ts';
import { type ScheduleRules, validateSchedule } from '../schedule-rules.ts';
import { checkDetailText, detailField } from './detail.schema.ts';
import { checkOutline, type DayOutline, outlineFields } from './outline.schema.ts';
import { itemsField, timeField, titleField } from './schedule.schema.ts';

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
    schedule: itemsField(
      z.object({ time: timeField(rules), title: titleField(locale), detail: detailField(locale) }),
      rules,
    ),
  });
}

/**
 * The same rules as the staged pipeline: schedule repairs, then every detail's (clipped when too long). A
 * short detail or too few items are asked again; the day is kept (degraded) when attempts run out.
 */
export function checkDirect(rules: ScheduleRules): SemanticCheck<DirectOutput> {
  const locale = rules.locale ?? 'en';
  return (value) => {
    const outline = checkOutline(value.outline);
    const schedule = validateSchedule(value.schedule, rules);
    const items = schedule.ok ? schedule.value : schedule.usable;
    const problems = schedule.ok ? [] : [...schedule.problems];
    const repairs = [...schedule.repairs, ...(outline.ok ? (outline.repairs ?? []) : [])];
    const kept = items.map((item) => {
      const detail = checkDetailText(`the detail of ${item.time}`, item.detail, locale);
      repairs.push(...(detail.repairs ?? []));
      if (detail.ok) return { ...item, detail: detail.value };
      problems.push(...detail.problems);
      return detail.usable === undefined ? null : { ...item, detail: detail.usable };
    });
    const usable = kept.filter((item): item is ScheduleItem => item !== null);
    const day = { outline: outline.ok ? outline.value : value.outline, schedule: usable };
    if (problems.length === 0) return { ok: true, value: day, repairs };
    return { ok: false, problems, repairs, ...(usable.length > 0 ? { usable: day } : {}) };
  };
}
