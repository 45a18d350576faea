import { describe, expect, it } from 'vitest';
import { formatHhMm } from '../core/index.ts';
import { clockRangePattern, TWO_UNITS_PATTERN } from './field-bounds.ts';
import { countUnits } from './text-length.ts';

const ALL_TIMES = Array.from({ length: 24 * 60 }, (_, m) => formatHhMm(m));

describe('clockRangePattern', () => {
  it.each([
    ['07:00', '22:30'],
    ['08:15', '21:45'],
    ['00:00', '23:59'],
    ['09:05', '09:55'],
    ['06:59', '07:01'],
    ['10:00', '10:00'],
  ])('matches exactly the times from %s to %s', (start, end) => {
    const regex = new RegExp(clockRangePattern(start, end), 'u');
    const matched = ALL_TIMES.filter((t) => regex.test(t));
    expect(matched).toEqual(ALL_TIMES.filter((t) => t >= start && t <= end));
    for (const other of ['7:00', '07:00 ', '0700', '24:00', '12:60']) expect(regex.test(other)).toBe(false);
  });

  it('reads as a time range', () => {
    expect(clockRangePattern('07:00', '22:30')).toBe(
      '^(?:(?:0[7-9]|1[0-9]|2[0-1]):[0-5][0-9]|22:(?:[0-2][0-9]|30))$',
    );
  });

  it('refuses a reversed range', () => {
    expect(() => clockRangePattern('22:00', '07:00')).toThrow(RangeError);
  });
});

describe('TWO_UNITS_PATTERN', () => {
  const regex = new RegExp(TWO_UNITS_PATTERN, 'u');

  it('accepts titles of two units or more in either script', () => {
    for (const title of ['Walk in park', '公园散步', '公园Frisbee', 'Tea 时间', '和Pip散步', 'a b']) {
      expect(regex.test(title), title).toBe(true);
    }
  });

  it('refuses one-unit titles', () => {
    for (const title of ['Nap', '睡', 'Frisbee.', "it's", 'well-known', '', '   ']) {
      expect(regex.test(title), title).toBe(false);
    }
  });

  it('never accepts a text of fewer than two units (random texts)', () => {
    const alphabet = ['a', 'Z', '7', ' ', '-', "'", '公', '园', '.', 'é', '、'];
    let seed = 1;
    const next = () => {
      seed = (seed * 48271) % 2147483647;
      return seed;
    };
    for (let i = 0; i < 5000; i++) {
      const text = Array.from({ length: 1 + (next() % 7) }, () => alphabet[next() % alphabet.length]).join(
        '',
      );
      if (regex.test(text)) expect(countUnits(text), JSON.stringify(text)).toBeGreaterThanOrEqual(2);
    }
  });
});
