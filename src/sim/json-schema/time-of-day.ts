import type { Rng } from '../rng.ts';
import { compilePattern } from './regex-sample.ts';
import { deref, isSchemaObject, type JsonSchema } from './schema-types.ts';

const SAMPLES = ['07:00', '12:30', '21:45'];
/** A span of the day in minutes since midnight. */
export interface ClockWindow {
  start: number;
  end: number;
}

export const DEFAULT_DAY: ClockWindow = { start: 7 * 60, end: 22 * 60 };

/** The window a description names ("between 08:00 and 21:30", "08:00-21:30", "from 8:00 to 21:00"). */
export function clockWindow(description: string | undefined): ClockWindow {
  const m = /\b([01]?\d|2[0-3]):([0-5]\d)\s*(?:and|to|-|–|—|~|until)\s*([01]?\d|2[0-3]):([0-5]\d)\b/i.exec(
    description ?? '',
  );
  if (!m) return DEFAULT_DAY;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  return start < end ? { start, end } : DEFAULT_DAY;
}

/**
 * A string schema whose values are clock times "HH:MM" (its pattern accepts some, as a waking-hours window
 * does, or its description says HH:MM).
 */
export function isTimeOfDaySchema(schema: JsonSchema, root: JsonSchema): boolean {
  const s = deref(schema, root);
  if (!isSchemaObject(s)) return false;
  if (s.type !== undefined && s.type !== 'string') return false;
  if (typeof s.pattern === 'string') {
    const regex = compilePattern(s.pattern);
    return !(regex instanceof Error) && SAMPLES.some((sample) => regex.test(sample));
  }
  return typeof s.description === 'string' && /\bHH:MM\b/i.test(s.description);
}

/**
 * When an array's items are objects with a property `time` holding a clock time, the window the times
 * must fall in (from the property's description); otherwise undefined.
 */
export function timePropertyOfItems(
  items: JsonSchema | undefined,
  root: JsonSchema,
): ClockWindow | undefined {
  if (items === undefined) return undefined;
  const item = deref(items, root);
  if (!isSchemaObject(item)) return undefined;
  const time = item.properties?.['time'];
  if (time === undefined || !isTimeOfDaySchema(time, root)) return undefined;
  const resolved = deref(time, root);
  return clockWindow(isSchemaObject(resolved) ? resolved.description : undefined);
}

export function formatClock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/**
 * `count` strictly ascending clock times within `window` (default 07:00-22:00): quarter hours while they
 * suffice, then minutes; beyond one value per minute the times repeat in non-decreasing order.
 */
export function ascendingTimes(count: number, rng: Rng, window: ClockWindow = DEFAULT_DAY): string[] {
  const span = window.end - window.start;
  const step = count <= Math.floor(span / 15) + 1 ? 15 : 1;
  const slots = Math.floor(span / step) + 1;
  if (count > slots) {
    return Array.from({ length: count }, (_, i) =>
      formatClock(window.start + Math.floor((i * slots) / count) * step),
    );
  }
  // Selection sampling: each slot is kept with probability needed/remaining, which yields sorted output.
  const out: string[] = [];
  for (let slot = 0; slot < slots && out.length < count; slot++) {
    if (rng.next() * (slots - slot) < count - out.length) out.push(formatClock(window.start + slot * step));
  }
  return out;
}
