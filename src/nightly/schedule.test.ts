import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/index.ts';
import { nightDate, parseNightlyTime, runAt } from './schedule.ts';

describe('parseNightlyTime', () => {
  it('accepts hours and HH:MM', () => {
    expect(parseNightlyTime('3')).toBe('03:00');
    expect(parseNightlyTime('03')).toBe('03:00');
    expect(parseNightlyTime('3:30')).toBe('03:30');
    expect(parseNightlyTime(' 23:05 ')).toBe('23:05');
  });

  it('names the source of a bad value', () => {
    expect(() => parseNightlyTime('24', 'IPET_NIGHTLY_HOUR')).toThrow(ValidationError);
    expect(() => parseNightlyTime('3pm', 'IPET_NIGHTLY_HOUR')).toThrow(/IPET_NIGHTLY_HOUR/);
  });
});

describe('runAt', () => {
  it('runs in the small hours of the date, in the owner timezone', () => {
    expect(runAt('2026-03-10', 'Asia/Shanghai').toISOString()).toBe('2026-03-09T19:00:00.000Z');
    expect(runAt('2026-03-10', 'UTC', '04:15').toISOString()).toBe('2026-03-10T04:15:00.000Z');
  });

  it('runs on the evening before the date for a time from noon on', () => {
    expect(runAt('2026-03-10', 'UTC', '22:00').toISOString()).toBe('2026-03-09T22:00:00.000Z');
  });

  it('follows daylight saving time', () => {
    // New York: EST (UTC-5) before 8 March 2026, EDT (UTC-4) after.
    expect(runAt('2026-03-07', 'America/New_York').toISOString()).toBe('2026-03-07T08:00:00.000Z');
    expect(runAt('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T07:00:00.000Z');
  });
});

describe('nightDate', () => {
  const tz = 'Europe/Paris'; // UTC+1 in January
  it('is today before the run and during the grace after it, tomorrow afterwards', () => {
    expect(nightDate(new Date('2026-01-14T01:00:00Z'), tz)).toBe('2026-01-14'); // 02:00 local
    expect(nightDate(new Date('2026-01-14T07:30:00Z'), tz)).toBe('2026-01-14'); // 08:30 local, missed run
    expect(nightDate(new Date('2026-01-14T08:00:00Z'), tz)).toBe('2026-01-15'); // 09:00 local
    expect(nightDate(new Date('2026-01-14T22:30:00Z'), tz)).toBe('2026-01-15'); // 23:30 local
  });

  it('differs between owners in different timezones at the same instant', () => {
    const now = new Date('2026-01-14T12:00:00Z');
    expect(nightDate(now, 'Asia/Tokyo')).toBe('2026-01-15'); // 21:00 local
    expect(nightDate(now, 'Pacific/Honolulu')).toBe('2026-01-14'); // 02:00 local
    expect(nightDate(new Date('2026-01-14T19:30:00Z'), 'Pacific/Honolulu')).toBe('2026-01-15'); // 09:30 local
  });

  it('with an evening time, the run on the evening before belongs to the next date', () => {
    expect(nightDate(new Date('2026-01-14T21:00:00Z'), 'UTC', '22:00')).toBe('2026-01-15');
    expect(nightDate(new Date('2026-01-14T23:00:00Z'), 'UTC', '22:00')).toBe('2026-01-15');
    expect(nightDate(new Date('2026-01-15T04:00:00Z'), 'UTC', '22:00')).toBe('2026-01-16');
  });
});
