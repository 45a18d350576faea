import { describe, expect, it } from 'vitest';
import { resolveWhen } from './when.ts';

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
