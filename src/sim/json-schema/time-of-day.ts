import type { Rng } from '../rng.ts';
import { compilePattern } from './regex-sample.ts';
import { deref, isSchemaObject, type JsonSchema } from './schema-types.ts';

const SAMPLES = ['07:00', '12:30', '21:45'];
const DAY_START = 7 * 60;
const DAY_END = 22 * 60;

/** A string schema whose values are clock times "HH:MM" (its pattern accepts them, or it says HH:MM). */
export function isTimeOfDaySchema(schema: JsonSchema, root: JsonSchema): boolean {
  const s = deref(schema, root);
  if (!isSchemaObject(s)) return false;
  if (s.type !== undefined && s.type !== 'string') return false;
  if (typeof s.pattern === 'string') {
    const regex = compilePattern(s.pattern);
    return !(regex instanceof Error) && SAMPLES.every((sample) => regex.test(sample));
  }
  return typeof s.description === 'string' && /\bHH:MM\b/i.test(s.description);
}

/** Whether an array's items are objects with a property `time` holding a clock time. */
export function timePropertyOfItems(items: JsonSchema | undefined, root: JsonSchema): boolean {
  if (items === undefined) return false;
  const item = deref(items, root);
  if (!isSchemaObject(item)) return false;
  const time = item.properties?.['time'];
  return time !== undefined && isTimeOfDaySchema(time, root);
}

function format(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/**
 * `count` strictly ascending clock times within 07:00-22:00 (quarter hours while they suffice, then
 * minutes; beyond 901 values the times repeat in non-decreasing order).
 */
export function ascendingTimes(count: number, rng: Rng): string[] {
  const step = count <= (DAY_END - DAY_START) / 15 + 1 ? 15 : 1;
  const slots = Math.floor((DAY_END - DAY_START) / step) + 1;
  if (count > slots) {
    return Array.from({ length: count }, (_, i) =>
      format(DAY_START + Math.floor((i * slots) / count) * step),
    );
  }
  // Selection sampling: each slot is kept with probability needed/remaining, which yields sorted output.
  const out: string[] = [];
  for (let slot = 0; slot < slots && out.length < count; slot++) {
    if (rng.next() * (slots - slot) < count - out.length) out.push(format(DAY_START + slot * step));
  }
  return out;
}
