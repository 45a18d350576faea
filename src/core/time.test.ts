import { describe, expect, it } from 'vitest';
import {
  isValidTimeZone,
  localDate,
  localTime,
  msUntilLocalMidnight,
  wallClock,
  zonedInstant,
} from './time.ts';

describe('wall clock in a time zone', () => {
  const at = new Date('2025-03-10T23:30:15Z');

  it('reads the local date and time', () => {
    expect(localDate(at, 'UTC')).toBe('2025-03-10');
    expect(localDate(at, 'Asia/Shanghai')).toBe('2025-03-11');
    expect(localTime(at, 'Asia/Shanghai')).toBe('07:30');
    expect(localTime(new Date('2025-03-10T00:05:00Z'), 'UTC')).toBe('00:05');
    expect(wallClock(at, 'America/New_York')).toEqual({
      year: 2025,
      month: 3,
      day: 10,
      hour: 19,
      minute: 30,
      second: 15,
    });
  });

  it('knows which zones exist', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });

  it('counts to midnight in the given zone', () => {
    const afternoon = new Date('2025-03-10T15:30:00Z');
    expect(msUntilLocalMidnight(afternoon, 'UTC')).toBe(8.5 * 3_600_000);
    expect(msUntilLocalMidnight(afternoon, 'Asia/Shanghai')).toBe(30 * 60_000);
  });
});

describe('zonedInstant', () => {
  it('handles daylight saving transitions', () => {
    // New York switched to EDT (UTC-4) on 2025-03-09.
    expect(
      zonedInstant({ year: 2025, month: 3, day: 8, hour: 12, minute: 0 }, 'America/New_York').toISOString(),
    ).toBe('2025-03-08T17:00:00.000Z');
    expect(
      zonedInstant({ year: 2025, month: 3, day: 10, hour: 12, minute: 0 }, 'America/New_York').toISOString(),
    ).toBe('2025-03-10T16:00:00.000Z');
    // Berlin left summer time at 03:00 on 2026-10-25: 02:30 happens twice; the second (CET) one is meant.
    expect(
      zonedInstant({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin').toISOString(),
    ).toBe('2026-10-25T01:30:00.000Z');
  });
});
