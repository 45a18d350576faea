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
    expect(result.repairs).toContain('item 4: second item at 12:30 dropped');
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

  it('cuts a long title to its first 5 words (12 characters) instead of asking again', () => {
    const result = validateSchedule(
      [
        item('08:00', 'A very long walk all around the big park, twice'),
        item('09:00', '在公园里和朋友们一起慢慢地散步聊天'),
        item('10:00', 'Nap time'),
      ],
      { ...rules, locale: 'en' },
    );
    expect(result.ok && result.value.map((i) => i.title)).toEqual([
      'A very long walk all',
      '在公园里和',
      'Nap time',
    ]);
    const zh = validateSchedule([item('09:00', '在公园里和朋友们一起慢慢地散步聊天')], {
      ...rules,
      items: { target: 1, min: 1, max: 1 },
      locale: 'zh',
    });
    expect(zh.ok && zh.value[0]?.title).toBe('在公园里和朋友们一起慢慢');
    expect(zh.ok && zh.value).toBeTruthy();
  });

  it('drops items it cannot repair and keeps the day when enough are left', () => {
    const result = validateSchedule(
      [
        item('25:00', 'Walk in park'),
        item('06:00', 'Too early breakfast'),
        item('23:00', 'Late night snack'),
        item('12:00', 'Nap'),
        item('08:00', 'Morning stretch'),
        item('13:00', 'Lunch with Pip'),
        item('15:00', 'Kite test flight'),
      ],
      rules,
    );
    expect(result.ok && result.value.map((i) => i.time)).toEqual(['08:00', '13:00', '15:00']);
    expect(result.repairs.filter((r) => r.endsWith('dropped'))).toEqual([
      'item 1: time "25:00" is not HH:MM (24-hour), dropped',
      'item 2 at 06:00 is outside waking hours 07:00-22:30, dropped',
      'item 3 at 23:00 is outside waking hours 07:00-22:30, dropped',
      'item 4 title "Nap" has 1 words, needs 2-5, dropped',
    ]);
  });

  it('keeps at most the allowed number of items, the earliest', () => {
    const times = ['08:00', '09:00', '10:00', '11:00', '12:00', '13:00', '14:00'];
    const result = validateSchedule(
      times.map((t) => item(t, 'Walk in park')),
      rules,
    );
    expect(result.ok && result.value.map((i) => i.time)).toEqual(times.slice(0, 5));
    expect(result.repairs).toContain('2 events after 12:00 dropped (at most 5)');
  });

  it('too few items left is a problem, with why, and the items left are usable', () => {
    const result = validateSchedule(
      [item('08:00', 'Morning stretch'), item('08:00', 'Morning stretch'), item('06:00', 'Walk in park')],
      rules,
    );
    expect(result).toMatchObject({
      ok: false,
      problems: [
        'the schedule has 1 distinct events, needs 3-5',
        'item 2: second item at 08:00 dropped',
        'item 3 at 06:00 is outside waking hours 07:00-22:30, dropped',
      ],
      usable: [item('08:00', 'Morning stretch')],
    });
  });

  it('measures Chinese titles in characters: a Latin word counts as one', () => {
    const items = [item('08:00', 'Kites集市'), item('09:00', '公园散步'), item('10:00', '午睡')];
    expect(validateSchedule(items, { ...rules, locale: 'zh' }).ok).toBe(true);
    const one = validateSchedule([...items, item('11:00', 'Kites')], { ...rules, locale: 'zh' });
    expect(one.repairs).toContain('item 4 title "Kites" has 1 characters, needs 2-12, dropped');
  });
});
