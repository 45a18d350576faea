import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import {
  ascendingTimes,
  clockWindow,
  DEFAULT_DAY,
  isTimeOfDaySchema,
  timePropertyOfItems,
} from './time-of-day.ts';

describe('ascendingTimes', () => {
  it('gives strictly ascending HH:MM times within 07:00-22:00', () => {
    for (const count of [0, 1, 5, 61, 62, 300]) {
      const times = ascendingTimes(count, createRng(count + 1));
      expect(times).toHaveLength(count);
      for (let i = 1; i < times.length; i++) expect(times[i]! > times[i - 1]!).toBe(true);
      for (const t of times) expect(t >= '07:00' && t <= '22:00' && /^\d\d:\d\d$/.test(t)).toBe(true);
    }
  });

  it('spreads a handful of items over the day in quarter hours', () => {
    const times = ascendingTimes(6, createRng(9));
    for (const t of times) expect(['00', '15', '30', '45']).toContain(t.slice(3));
  });
});

describe('time detection', () => {
  const hhmm = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' };
  it('recognises clock-time strings by pattern or description', () => {
    expect(isTimeOfDaySchema(hhmm, true)).toBe(true);
    expect(isTimeOfDaySchema({ type: 'string', description: 'start, HH:MM' }, true)).toBe(true);
    expect(isTimeOfDaySchema({ type: 'string', pattern: '^\\d{4}$' }, true)).toBe(false);
    expect(isTimeOfDaySchema({ type: 'integer' }, true)).toBe(false);
  });

  it('finds a time property through $ref', () => {
    const root = { $defs: { Item: { type: 'object', properties: { time: hhmm } } } };
    expect(timePropertyOfItems({ $ref: '#/$defs/Item' }, root)).toEqual(DEFAULT_DAY);
    expect(timePropertyOfItems({ type: 'object', properties: { at: hhmm } }, root)).toBeUndefined();
  });
});

describe('clockWindow', () => {
  it('reads the window a description names, else the default day', () => {
    expect(clockWindow('HH:MM, 24-hour clock, between 08:30 and 21:00')).toEqual({ start: 510, end: 1260 });
    expect(clockWindow('from 9:00 to 17:00')).toEqual({ start: 540, end: 1020 });
    expect(clockWindow('HH:MM')).toEqual(DEFAULT_DAY);
    expect(clockWindow('between 22:00 and 07:00')).toEqual(DEFAULT_DAY);
  });

  it('keeps ascending times inside a named window', () => {
    const times = ascendingTimes(8, createRng(4), { start: 510, end: 1260 });
    for (const t of times) expect(t >= '08:30' && t <= '21:00').toBe(true);
  });
});
