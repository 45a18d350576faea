import { describe, expect, it } from 'vitest';
import { petActivity } from './pet-now.ts';

const day = (current = -1) =>
  ['08:00', '12:30', '18:00', '20:30'].map((time, i) => ({ time, current: i === current }));

describe('petActivity', () => {
  it('is asleep in the small hours before the first item, waking up in the hour before it', () => {
    expect(petActivity(day(), '02:10')).toBe('asleep');
    expect(petActivity(day(), '06:59')).toBe('asleep');
    expect(petActivity(day(), '07:15')).toBe('waking');
  });

  it('says nothing while an item covers the moment, winds down and sleeps late in the last one', () => {
    expect(petActivity(day(1), '13:00')).toBeNull();
    expect(petActivity(day(3), '20:45')).toBeNull();
    expect(petActivity(day(3), '22:00')).toBe('winding-down');
    expect(petActivity(day(3), '23:30')).toBe('asleep');
  });

  it('says nothing on another day (no local time) and guesses from the hour without a schedule', () => {
    expect(petActivity(day(), null)).toBeNull();
    expect(petActivity([], '03:00')).toBe('asleep');
    expect(petActivity([], '06:30')).toBe('waking');
    expect(petActivity([], '15:00')).toBeNull();
  });
});
