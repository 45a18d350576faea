import type { Rng } from '../rng.ts';
import { type JsonSchemaObject, num } from './schema-types.ts';

interface Bounds {
  lower: number;
  upper: number;
}

/** Inclusive bounds from minimum/maximum/exclusive* (numeric draft-06+ form and boolean draft-04 form). */
function bounds(s: JsonSchemaObject, integer: boolean): Bounds & { exLower?: number; exUpper?: number } {
  let lower = num(s.minimum) ?? Number.NEGATIVE_INFINITY;
  let upper = num(s.maximum) ?? Number.POSITIVE_INFINITY;
  let exLower = num(s.exclusiveMinimum);
  let exUpper = num(s.exclusiveMaximum);
  if (s.exclusiveMinimum === true && Number.isFinite(lower)) exLower = lower;
  if (s.exclusiveMaximum === true && Number.isFinite(upper)) exUpper = upper;
  if (integer) {
    if (exLower !== undefined) lower = Math.max(lower, Math.floor(exLower) + 1);
    if (exUpper !== undefined) upper = Math.min(upper, Math.ceil(exUpper) - 1);
    lower = Math.max(Math.ceil(lower), Number.MIN_SAFE_INTEGER);
    upper = Math.min(Math.floor(upper), Number.MAX_SAFE_INTEGER);
    return { lower, upper };
  }
  if (exLower !== undefined) lower = Math.max(lower, exLower);
  if (exUpper !== undefined) upper = Math.min(upper, exUpper);
  return {
    lower,
    upper,
    ...(exLower === undefined ? {} : { exLower }),
    ...(exUpper === undefined ? {} : { exUpper }),
  };
}

/** A friendly window: [0, 100] when the bounds allow it, otherwise 100 wide next to the nearer bound. */
function window({ lower, upper }: Bounds): Bounds {
  const lo = Math.max(lower, 0);
  const hi = Math.min(upper, 100);
  if (lo <= hi) return { lower: lo, upper: hi };
  if (lower > 100) return { lower, upper: Math.min(upper, lower + 100) };
  return { lower: Math.max(lower, upper - 100), upper };
}

function inside(v: number, b: ReturnType<typeof bounds>): boolean {
  if (v < b.lower || v > b.upper) return false;
  if (b.exLower !== undefined && v <= b.exLower) return false;
  if (b.exUpper !== undefined && v >= b.exUpper) return false;
  return true;
}

/** A number (or integer) satisfying the schema's range and multipleOf, in a human-looking range. */
export function numberValue(s: JsonSchemaObject, rng: Rng, integer: boolean): number {
  const b = bounds(s, integer);
  const w = window(b);
  const step = num(s.multipleOf);
  if (step !== undefined && step > 0) {
    const kLo = Math.ceil(w.lower / step);
    const kHi = Math.floor(w.upper / step);
    for (let k = rng.int(kLo, Math.max(kLo, kHi)), tries = 0; tries < 3; tries++, k++) {
      const v = Number((k * step).toPrecision(12));
      if (inside(v, b) && (!integer || Number.isInteger(v))) return v;
    }
  }
  if (integer) return rng.int(w.lower, w.upper);
  const raw = w.lower + rng.next() * (w.upper - w.lower);
  const rounded = Math.round(raw * 100) / 100;
  if (inside(rounded, b)) return rounded;
  if (inside(raw, b)) return raw;
  return (w.lower + w.upper) / 2;
}
