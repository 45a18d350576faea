import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixedClock, LimitError } from '../core/index.ts';
import type { Runtime } from './runtime.ts';
import { safetyFor } from './services.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('safetyFor', () => {
  it('limits turns on the real clock: with the domain clock fixed (IPET_NOW), a refusal still lifts', () => {
    vi.useFakeTimers({ now: new Date('2026-05-01T12:00:00Z'), toFake: ['Date'] });
    // Only the clock matters to the limiter; the runtime's domain clock is stopped, as IPET_NOW stops it.
    const rt = { clock: fixedClock('2025-03-04T13:05:00Z') } as unknown as Runtime;
    const { limiter } = safetyFor(rt);
    const turn = { userId: 'usr_1', timeZone: 'Europe/Paris' };
    for (let i = 0; i < 20; i++) limiter.take(turn);
    expect(() => limiter.take(turn)).toThrow(LimitError); // turn 21: the burst is spent

    vi.setSystemTime(new Date('2026-05-01T12:00:06Z')); // 10 turns a minute: one back after 6 s
    expect(() => limiter.take(turn)).not.toThrow();
    expect(() => limiter.take(turn)).toThrow(LimitError);
    expect(safetyFor(rt).limiter).toBe(limiter); // one limiter per runtime, shared by every turn
  });
});
