import { describe, expect, it } from 'vitest';
import type { ChatLine } from './chat-state.ts';
import { chatItems, messageTime, sessionDay } from './timeline.ts';

const NOW = new Date('2026-03-04T09:00:00Z');

describe('messageTime', () => {
  it("shows the time only for today's messages, in the user's time zone (not the browser's)", () => {
    expect(messageTime('2026-03-04T08:05:00Z', 'en', 'Europe/Paris', NOW)).toBe('09:05');
    expect(messageTime('2026-03-04T08:05:00Z', 'en', 'Asia/Shanghai', NOW)).toBe('16:05');
  });

  it('adds the date for another day - and the day turns over at local midnight', () => {
    // 23:30 UTC on the 3rd is already the 4th in Shanghai, still the 3rd in New York.
    expect(messageTime('2026-03-03T23:30:00Z', 'en', 'Asia/Shanghai', NOW)).toBe('07:30');
    const ny = messageTime('2026-03-03T23:30:00Z', 'en', 'America/New_York', NOW);
    expect(ny).toContain('Mar');
    expect(ny).toContain('3');
    expect(ny).toContain('18:30');
    expect(messageTime('2026-03-01T10:00:00Z', 'zh', 'Asia/Shanghai', NOW)).toContain('3月1日');
    expect(messageTime('2025-12-31T10:00:00Z', 'en', 'UTC', NOW)).toContain('2025');
  });
});

describe('sessionDay', () => {
  it('is today, yesterday, or the date', () => {
    expect(sessionDay('2026-03-04T07:00:00Z', 'en', 'Europe/Paris', NOW)).toEqual({ kind: 'today' });
    expect(sessionDay('2026-03-03T07:00:00Z', 'en', 'Europe/Paris', NOW)).toEqual({ kind: 'yesterday' });
    const older = sessionDay('2026-03-01T07:00:00Z', 'en', 'Europe/Paris', NOW);
    expect(older).toEqual({ kind: 'date', text: 'Sunday, March 1' });
  });
});

const line = (
  id: string,
  sessionId: string | null,
  createdAt: string | null = '2026-03-01T10:00:00Z',
): ChatLine => ({
  uid: id,
  id,
  role: 'user',
  content: id,
  emotion: null,
  status: 'ok',
  sessionId,
  createdAt,
  key: null,
});

describe('chatItems', () => {
  it('puts a divider before the first line of each session; lines not reloaded stay in the last one', () => {
    const items = chatItems([line('a', 's1'), line('b', 's1'), line('c', 's2'), line('d', null, null)]);
    expect(items.map((i) => (i.kind === 'divider' ? `|${i.key}` : i.key))).toEqual([
      '|divider:s1',
      'a',
      'b',
      '|divider:s2',
      'c',
      'd',
    ]);
    const page = chatItems([line('a', 's1'), line('c', 's2')], false);
    expect(page.map((i) => i.key)).toEqual(['a', 'divider:s2', 'c']);
  });
});
