import { describe, expect, it } from 'vitest';
import type { WorldDay } from '../core/index.ts';
import { dayContext, findItemsMentioned } from './day-context.ts';
import { SCHEDULE } from './testing/stages.ts';
import { formatTimeline } from './timeline.ts';

const day = (date = '2025-03-14', schedule = SCHEDULE.items): WorldDay => ({
  id: 'wday_1',
  petId: 'pet_1',
  userId: 'usr_1',
  date,
  mode: 'normal',
  method: 'world-sim',
  outline: 'A sunny day of kites.',
  schedule: schedule.map((i) => ({ ...i, detail: `Detail of ${i.title}.` })),
  promptVersion: 'v1',
  model: 'm',
  usage: { calls: 10, inputTokens: 0, outputTokens: 0 },
  createdAt: new Date('2025-03-13T22:00:00Z'),
});

const PARIS = 'Europe/Paris'; // UTC+1 in March 2025 (DST starts on the 30th)

describe('dayContext', () => {
  it('the current item runs from its time until the next one; details hold current and next', () => {
    const ctx = dayContext(day(), new Date('2025-03-14T10:15:00Z'), PARIS); // 11:15 in Paris
    expect(ctx.current?.title).toBe('Walk in park');
    expect(ctx.next?.title).toBe('Lunch with Pip');
    expect(ctx.details.map((d) => d.title)).toEqual(['Walk in park', 'Lunch with Pip']);
    expect(ctx.schedule.filter((s) => s.current).map((s) => s.time)).toEqual(['11:00']);
    expect(ctx.outline).toBe('A sunny day of kites.');
  });

  it('an item is current from its exact minute', () => {
    expect(dayContext(day(), new Date('2025-03-14T09:59:00Z'), PARIS).current?.time).toBe('09:30');
    expect(dayContext(day(), new Date('2025-03-14T11:30:00Z'), PARIS).current?.time).toBe('12:30');
  });

  it('before the first item nothing is current and the first item is next', () => {
    const ctx = dayContext(day(), new Date('2025-03-14T05:00:00Z'), PARIS); // 06:00
    expect(ctx.current).toBeNull();
    expect(ctx.next?.time).toBe('07:30');
    expect(ctx.details.map((d) => d.time)).toEqual(['07:30']);
  });

  it('around midnight: the last item lasts until 24:00, then the day is over', () => {
    expect(dayContext(day(), new Date('2025-03-14T22:59:00Z'), PARIS).current?.title).toBe('Bedtime story');
    const after = dayContext(day(), new Date('2025-03-14T23:01:00Z'), PARIS); // 00:01 on the 15th
    expect(after.current).toBeNull();
    expect(after.next).toBeNull();
    const tomorrow = dayContext(day('2025-03-15'), new Date('2025-03-14T23:01:00Z'), PARIS);
    expect(tomorrow.current).toBeNull();
    expect(tomorrow.next?.time).toBe('07:30');
  });

  it('reads the clock in the given timezone', () => {
    const at = new Date('2025-03-14T23:30:00Z');
    expect(dayContext(day(), at, PARIS).current).toBeNull(); // 00:30 on the 15th: the 14th is over
    expect(dayContext(day(), at, 'America/Los_Angeles').current?.title).toBe('Kite test flight'); // 16:30
    expect(dayContext(day('2025-03-15'), at, 'Asia/Shanghai').current?.title).toBe('Morning stretch'); // 07:30
  });

  it('adds the items a query mentions to the details', () => {
    const ctx = dayContext(day(), new Date('2025-03-14T10:15:00Z'), PARIS, {
      query: 'How did the kite test go? And the nap?',
    });
    expect(ctx.details.map((d) => d.title)).toEqual([
      'Kite building',
      'Walk in park',
      'Lunch with Pip',
      'Afternoon nap',
      'Kite test flight',
    ]);
  });
});

describe('findItemsMentioned', () => {
  const titles = (text: string, d = day()) => findItemsMentioned(d, text).map((i) => i.title);

  it('matches significant title words, word forms and times, not stop words', () => {
    expect(titles('Did you go to the park today?')).toEqual(['Walk in park']);
    expect(titles('were you walking somewhere?')).toEqual(['Walk in park']);
    expect(titles('what happened at 16:00')).toEqual(['Kite test flight']);
    expect(titles('and at 9:30?')).toEqual(['Kite building']);
    expect(titles('around 19:30 maybe')).toEqual([]);
    expect(titles('How are you? Anything in the morning with friends?')).toEqual(['Morning stretch']);
    expect(titles('hello there, how are you')).toEqual([]);
  });

  it('matches CJK titles by two-character pieces', () => {
    const zh = day('2025-03-14', [
      { time: '11:00', title: '公园散步' },
      { time: '14:00', title: '午睡' },
    ]);
    expect(titles('你今天去公园了吗？', zh)).toEqual(['公园散步']);
    expect(titles('午睡睡得好吗', zh)).toEqual(['午睡']);
    expect(titles('你好呀', zh)).toEqual([]);
  });
});

describe('formatTimeline', () => {
  it('marks the current item with ▶ now and indents details', () => {
    const text = formatTimeline(day(), new Date('2025-03-14T10:15:00Z'), PARIS);
    const lines = text.split('\n');
    expect(lines[0]).toBe('2025-03-14 · world-sim · normal mode');
    expect(lines.filter((l) => l.includes('▶ now'))).toEqual(['▶ now 11:00  Walk in park']);
    expect(lines).toContain('      07:30  Morning stretch');
    expect(lines).toContain('             Detail of Walk in park.');
    expect(lines).toContain('  A sunny day of kites.');
  });

  it('has no marker when the day is over, and can leave details out', () => {
    const text = formatTimeline(day(), new Date('2025-03-15T12:00:00Z'), PARIS, { details: false });
    expect(text).not.toContain('▶');
    expect(text).not.toContain('Detail of');
  });

  it('says when there is no schedule (basic-info days)', () => {
    expect(formatTimeline(day('2025-03-14', []), new Date('2025-03-14T10:00:00Z'), PARIS)).toContain(
      '(no schedule)',
    );
  });

  it('wraps long details', () => {
    const long = day();
    long.schedule[0]!.detail = 'word '.repeat(60).trim();
    const lines = formatTimeline(long, new Date('2025-03-14T10:00:00Z'), PARIS).split('\n');
    const detailLines = lines.filter((l) => l.trim().startsWith('word'));
    expect(detailLines.length).toBeGreaterThan(2);
    expect(Math.max(...detailLines.map((l) => l.length))).toBeLessThanOrEqual(13 + 84);
  });
});
