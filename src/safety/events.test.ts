import { describe, expect, it } from 'vitest';
import { createSafetyEventCounter } from './events.ts';

describe('createSafetyEventCounter', () => {
  const at = (hhmm: string) => new Date(`2025-03-10T${hhmm}:00Z`);

  it('counts by kind, user and time', () => {
    const counter = createSafetyEventCounter();
    counter.record({ kind: 'crisis', userId: 'usr_1', at: at('10:00') });
    counter.record({ kind: 'injection', userId: 'usr_1', at: at('11:00') });
    counter.record({ kind: 'injection', userId: 'usr_2', at: at('12:00') });
    expect(counter.count()).toBe(3);
    expect(counter.count({ kind: 'injection' })).toBe(2);
    expect(counter.count({ userId: 'usr_1' })).toBe(2);
    expect(counter.count({ kind: 'injection', since: at('11:30') })).toBe(1);
  });

  it('stores only kind, user and time, and keeps the most recent events', () => {
    const counter = createSafetyEventCounter({ max: 2 });
    const withText = { kind: 'concern', userId: 'usr_1', at: at('10:00'), text: 'I feel awful' } as const;
    counter.record(withText);
    expect(counter.events[0]).toEqual({ kind: 'concern', userId: 'usr_1', at: at('10:00') });
    counter.record({ kind: 'quota', userId: 'usr_1', at: at('10:01') });
    counter.record({ kind: 'quota', userId: 'usr_1', at: at('10:02') });
    expect(counter.events.map((e) => e.at)).toEqual([at('10:01'), at('10:02')]);
  });
});
