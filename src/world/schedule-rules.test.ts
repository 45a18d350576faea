import { describe, expect, it } from 'vitest';
import { DEFAULT_WORLD_OPTIONS } from './options.ts';
import { validateSchedule } from './schedule-rules.ts';

const rules = { ...DEFAULT_WORLD_OPTIONS, items: { target: 4, min: 3, max: 5 } };
const item = (time: string, title: string) => ({ time, title });

describe('validateSchedule', () => {
  it('repairs format, order and duplicate times', () => {
    const result = validateSchedule(
      [
        item('12:30', 'Lunch with Pip'),
        item('9:00', '"Walk in park."'),
        item('07：45', 'Morning stretch'),
        item('12:30', 'Second lunch somehow'),
        item('18.00', 'Dinner by window'),
      ],
      rules,
    );
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.value).toEqual([
      item('07:45', 'Morning stretch'),
      item('09:00', 'Walk in park'),
      item('12:30', 'Lunch with Pip'),
      item('18:00', 'Dinner by window'),
    ]);
    expect(result.repairs).toContain('items sorted by time');
  });

  it('keeps extra fields (details) through the repairs', () => {
    const result = validateSchedule(
      [
        { time: '10:00', title: 'Walk in park', detail: 'b' },
        { time: '08:00', title: 'Morning stretch', detail: 'a' },
        { time: '12:00', title: 'Lunch with Pip', detail: 'c' },
      ],
      rules,
    );
    expect(result.ok && result.value.map((i) => i.detail)).toEqual(['a', 'b', 'c']);
  });

  it('asks again for what cannot be repaired', () => {
    const result = validateSchedule(
      [
        item('25:00', 'Walk in park'),
        item('06:00', 'Too early breakfast'),
        item('23:00', 'Late night snack'),
        item('12:00', 'A very long walk all around the big park'),
      ],
      rules,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      'item 1: time "25:00" is not HH:MM (24-hour)',
      'item 2 at 06:00 is outside waking hours 07:00-22:30',
      'item 3 at 23:00 is outside waking hours 07:00-22:30',
      'item 4 title "A very long walk all around the big park" has 9 words, needs 2-5',
    ]);
  });

  it('measures titles in characters for Chinese users', () => {
    const items = [item('08:00', 'follows集市'), item('09:00', '公园散步'), item('10:00', '午睡')];
    expect(validateSchedule(items, rules).ok).toBe(false);
    expect(validateSchedule(items, { ...rules, locale: 'zh' }).ok).toBe(true);
  });

  it('rejects a count outside the bounds once duplicates are gone', () => {
    const result = validateSchedule(
      [item('08:00', 'Morning stretch'), item('08:00', 'Morning stretch'), item('09:00', 'Walk in park')],
      rules,
    );
    expect(result).toEqual({ ok: false, problems: ['the schedule has 2 distinct events, needs 3-5'] });
  });
});
