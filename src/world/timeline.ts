import type { WorldDay } from '../core/index.ts';
import { currentIndex } from './day-context.ts';
import { isCjkText } from './text-length.ts';

/**
 * The day as a readable timeline (for `ipet world show`): a header, the outline, then one line per item
 * with its detail indented below, and `▶ now` in front of the current item.
 *
 *   2025-03-14 · world-sim · memory mode
 *         07:30  Morning stretch
 *   ▶ now 10:00  Walk in park
 *                Mochi pads along the wet path...
 */
export function formatTimeline(
  day: WorldDay,
  now: Date,
  timeZone: string,
  options: { details?: boolean } = {},
): string {
  const showDetails = options.details ?? true;
  const { current } = currentIndex(day, now, timeZone);
  const lines = [`${day.date} · ${day.method} · ${day.mode} mode`];
  if (day.outline.trim() !== '') lines.push('', ...day.outline.split('\n').map((l) => `  ${l}`));
  lines.push('');
  if (day.schedule.length === 0) lines.push('  (no schedule)');
  day.schedule.forEach((item, i) => {
    lines.push(`${i === current ? '▶ now ' : '      '}${item.time}  ${item.title}`);
    if (showDetails && item.detail.trim() !== '') {
      for (const line of wrap(item.detail.trim(), isCjkText(item.detail) ? 42 : 84))
        lines.push(`             ${line}`);
    }
  });
  return lines.join('\n');
}

/** Greedy word wrap; text without spaces (CJK) is cut every `width` characters. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = '';
    }
    line = line === '' ? word : `${line} ${word}`;
    while ([...line].length > width && !line.includes(' ')) {
      const chars = [...line];
      lines.push(chars.slice(0, width).join(''));
      line = chars.slice(width).join('');
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
