import type { Locale } from '../core/index.ts';
import { worldLabels } from './labels.ts';
import type { DayOutline } from './prompts/outline.schema.ts';

/**
 * The outline T1 as the text stored in `WorldDay.outline` and passed to later stages: the summary first
 * (what a reader wants), then labelled lines in the user's language.
 */
export function formatOutline(outline: DayOutline, locale: Locale): string {
  const labels = worldLabels(locale);
  const l = labels.outline;
  const colon = locale === 'zh' ? '：' : ': ';
  const sep = labels.listSeparator;
  return [
    outline.summary,
    '',
    `${l.mood}${colon}${outline.mood}`,
    `${l.themes}${colon}${outline.themes.join(sep)}`,
    `${l.meets}${colon}${outline.meets.length > 0 ? outline.meets.join(sep) : labels.none}`,
    `${l.threads}${colon.trimEnd()}`,
    ...outline.threads.map((t) => `- ${t}`),
  ].join('\n');
}
