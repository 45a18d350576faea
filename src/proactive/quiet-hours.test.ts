import { describe, expect, it } from 'vitest';
import { inQuietHours, localInstant, quietHoursEnd } from './quiet-hours.ts';

const NIGHT = { quietStart: '22:00', quietEnd: '08:00' };
const LUNCH = { quietStart: '12:00', quietEnd: '14:00' };
const at = (iso: string) => new Date(iso);

describe('inQuietHours', () => {
  it('reads the range on the wall clock of the time zone', () => {
    // 21:30 UTC is 22:30 in Paris (winter) and 05:30 next morning in Shanghai.
    expect(inQuietHours(at('2026-01-10T21:30:00Z'), 'Europe/Paris', NIGHT)).toBe(true);
    expect(inQuietHours(at('2026-01-10T21:30:00Z'), 'Asia/Shanghai', NIGHT)).toBe(true);
    expect(inQuietHours(at('2026-01-10T21:30:00Z'), 'America/New_York', NIGHT)).toBe(false); // 16:30
  });

  it('wraps past midnight: start included, end excluded', () => {
    expect(inQuietHours(at('2026-01-10T22:00:00Z'), 'UTC', NIGHT)).toBe(true);
    expect(inQuietHours(at('2026-01-10T23:59:00Z'), 'UTC', NIGHT)).toBe(true);
    expect(inQuietHours(at('2026-01-11T00:00:00Z'), 'UTC', NIGHT)).toBe(true);
    expect(inQuietHours(at('2026-01-11T07:59:00Z'), 'UTC', NIGHT)).toBe(true);
    expect(inQuietHours(at('2026-01-11T08:00:00Z'), 'UTC', NIGHT)).toBe(false);
    expect(inQuietHours(at('2026-01-10T21:59:00Z'), 'UTC', NIGHT)).toBe(false);
  });

  it('handles a range within one day, and none when both ends are equal', () => {
    expect(inQuietHours(at('2026-01-10T13:00:00Z'), 'UTC', LUNCH)).toBe(true);
    expect(inQuietHours(at('2026-01-10T23:00:00Z'), 'UTC', LUNCH)).toBe(false);
    expect(inQuietHours(at('2026-01-10T03:00:00Z'), 'UTC', { quietStart: '09:00', quietEnd: '09:00' })).toBe(
      false,
    );
  });
});

describe('quietHoursEnd', () => {
  it('is the local end time the next morning from before midnight, the same morning after it', () => {
    expect(quietHoursEnd(at('2026-01-10T22:30:00Z'), 'UTC', NIGHT).toISOString()).toBe(
      '2026-01-11T08:00:00.000Z',
    );
    expect(quietHoursEnd(at('2026-01-11T03:00:00Z'), 'UTC', NIGHT).toISOString()).toBe(
      '2026-01-11T08:00:00.000Z',
    );
    // 23:00 in Shanghai (UTC+8) -> 08:00 there the next day.
    expect(quietHoursEnd(at('2026-01-10T15:00:00Z'), 'Asia/Shanghai', NIGHT).toISOString()).toBe(
      '2026-01-11T00:00:00.000Z',
    );
  });

  it('keeps the local end time across a daylight-saving change', () => {
    // Europe/Paris springs forward on 2026-03-29 (02:00 -> 03:00): 23:00 CET on the 28th ends at 08:00 CEST.
    expect(quietHoursEnd(at('2026-03-28T22:00:00Z'), 'Europe/Paris', NIGHT).toISOString()).toBe(
      '2026-03-29T06:00:00.000Z',
    );
    // ...and falls back on 2026-10-25: 23:00 CEST on the 24th ends at 08:00 CET.
    expect(quietHoursEnd(at('2026-10-24T21:00:00Z'), 'Europe/Paris', NIGHT).toISOString()).toBe(
      '2026-10-25T07:00:00.000Z',
    );
    // The end itself in the skipped hour (02:30 does not exist that night): the result is after `at`, outside.
    const gap = { quietStart: '01:00', quietEnd: '02:30' };
    const end = quietHoursEnd(at('2026-03-29T00:10:00Z'), 'Europe/Paris', gap);
    expect(end.getTime()).toBeGreaterThan(at('2026-03-29T00:10:00Z').getTime());
    expect(inQuietHours(end, 'Europe/Paris', gap)).toBe(false);
  });

  it('never returns an instant inside the quiet hours', () => {
    for (let h = 0; h < 24; h++) {
      const t = new Date(Date.UTC(2026, 2, 29, h, 17));
      if (!inQuietHours(t, 'Europe/Paris', NIGHT)) continue;
      expect(inQuietHours(quietHoursEnd(t, 'Europe/Paris', NIGHT), 'Europe/Paris', NIGHT)).toBe(false);
    }
  });
});

describe('localInstant', () => {
  it('reads a local date and time in the zone', () => {
    expect(localInstant('2026-07-01', 9 * 60 + 30, 'Europe/Paris').toISOString()).toBe(
      '2026-07-01T07:30:00.000Z',
    );
  });
});
