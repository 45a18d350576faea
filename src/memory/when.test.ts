import { describe, expect, it } from 'vitest';
import { pastPeriodIn, resolveWhen } from './when.ts';

const anchor = new Date('2025-03-10T09:30:00Z');

describe('resolveWhen', () => {
  it('defaults to the anchor when nothing or nonsense is given', () => {
    expect(resolveWhen(null, anchor, 'UTC')).toBe(anchor);
    expect(resolveWhen('', anchor, 'UTC')).toBe(anchor);
    expect(resolveWhen('sometime soon-ish', anchor, 'UTC')).toBe(anchor);
    expect(resolveWhen('2025-02-30', anchor, 'UTC')).toBe(anchor);
    expect(resolveWhen('1200-01-01', anchor, 'UTC')).toBe(anchor);
  });

  it('reads a local date as noon in the user time zone', () => {
    expect(resolveWhen('2025-03-14', anchor, 'Asia/Shanghai').toISOString()).toBe('2025-03-14T04:00:00.000Z');
    expect(resolveWhen('2025-03-14', anchor, 'UTC').toISOString()).toBe('2025-03-14T12:00:00.000Z');
    expect(resolveWhen('2025-03-14 18:45', anchor, 'Europe/Paris').toISOString()).toBe(
      '2025-03-14T17:45:00.000Z',
    );
    expect(resolveWhen('2025年3月14日', anchor, 'Asia/Shanghai').toISOString()).toBe(
      '2025-03-14T04:00:00.000Z',
    );
  });

  it('keeps explicit zones', () => {
    expect(resolveWhen('2025-03-01T10:00:00+08:00', anchor, 'UTC').toISOString()).toBe(
      '2025-03-01T02:00:00.000Z',
    );
  });

  it.each([
    ['yesterday', '2025-03-09T09:30:00.000Z'],
    ['Tomorrow', '2025-03-11T09:30:00.000Z'],
    ['3 days ago', '2025-03-07T09:30:00.000Z'],
    ['a week ago', '2025-03-03T09:30:00.000Z'],
    ['in 2 weeks', '2025-03-24T09:30:00.000Z'],
    ['-2d', '2025-03-08T09:30:00.000Z'],
    ['+1w', '2025-03-17T09:30:00.000Z'],
    ['昨天', '2025-03-09T09:30:00.000Z'],
    ['前天', '2025-03-08T09:30:00.000Z'],
    ['后天', '2025-03-12T09:30:00.000Z'],
    ['3天前', '2025-03-07T09:30:00.000Z'],
    ['2周后', '2025-03-24T09:30:00.000Z'],
  ])('resolves %j relative to the anchor', (when, iso) => {
    expect(resolveWhen(when, anchor, 'UTC').toISOString()).toBe(iso);
  });
});

describe('pastPeriodIn', () => {
  // Sunday 2026-12-06, 09:00 in Shanghai (01:00 UTC).
  const now = new Date('2026-12-06T01:00:00Z');
  const tz = 'Asia/Shanghai';
  const dates = (text: string) => {
    const p = pastPeriodIn(text, now, tz);
    return p ? [p.start, p.end] : null;
  };

  it.each([
    ['How was the picnic yesterday?', ['2026-12-05', '2026-12-05']],
    ['what did you do last night', ['2026-12-05', '2026-12-05']],
    ['and the day before yesterday?', ['2026-12-04', '2026-12-04']],
    ['3 days ago you said something', ['2026-12-03', '2026-12-03']],
    ['What did you do last week?', ['2026-11-23', '2026-11-29']],
    ['fun last weekend?', ['2026-11-28', '2026-11-29']],
    ['last Monday', ['2026-11-30', '2026-11-30']],
    ['on 2026-12-01', ['2026-12-01', '2026-12-01']],
    ['昨天的野餐怎么样？', ['2026-12-05', '2026-12-05']],
    ['你前天干嘛了', ['2026-12-04', '2026-12-04']],
    ['大前天呢', ['2026-12-03', '2026-12-03']],
    ['上周你做了什么', ['2026-11-23', '2026-11-29']],
    ['上个星期过得好吗', ['2026-11-23', '2026-11-29']],
    ['上周末呢', ['2026-11-28', '2026-11-29']],
    ['上周三', ['2026-11-25', '2026-11-25']],
    ['两天前', ['2026-12-04', '2026-12-04']],
  ])('reads %j as a past period', (text, expected) => {
    expect(dates(text)).toEqual(expected);
  });

  it.each([
    'What are you doing today?',
    'see you tomorrow',
    'next week I have an exam',
    '明天见',
    '下周有考试',
    'on 2026-12-24',
  ])('finds no past period in %j', (text) => {
    expect(pastPeriodIn(text, now, tz)).toBeNull();
  });

  it("spans whole local days in the owner's time zone, the earliest mention winning", () => {
    const p = pastPeriodIn('yesterday, or last week?', now, tz);
    // 2026-12-05 00:00 to 2026-12-06 00:00 in Shanghai (UTC+8).
    expect(p?.from.toISOString()).toBe('2026-12-04T16:00:00.000Z');
    expect(p?.to.toISOString()).toBe('2026-12-05T16:00:00.000Z');
  });
});
