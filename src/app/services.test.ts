import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixedClock, LimitError, silentLogger } from '../core/index.ts';
import { aUser, memoryStore } from '../test/index.ts';
import type { Runtime } from './runtime.ts';
import { countersFor, safetyFor } from './services.ts';

afterEach(() => {
  vi.useRealTimers();
});

async function runtime(): Promise<Runtime> {
  const store = memoryStore();
  await store.users.create(aUser({ id: 'usr_1' }));
  // Only the store, the clock and the models' usage matter here; the domain clock is stopped, as IPET_NOW stops it.
  return {
    config: { chatLimit: { burst: 20, perMinute: 10 } },
    store,
    clock: fixedClock('2025-03-04T13:05:00Z'),
    logger: silentLogger,
    models: { usage: () => ({}) },
  } as unknown as Runtime;
}

describe('safetyFor', () => {
  it('limits turns on the real clock: with the domain clock fixed (IPET_NOW), a refusal still lifts', async () => {
    vi.useFakeTimers({ now: new Date('2026-05-01T12:00:00Z'), toFake: ['Date'] });
    const rt = await runtime();
    const { limiter } = safetyFor(rt);
    const turn = { userId: 'usr_1', timeZone: 'Europe/Paris' };
    for (let i = 0; i < 20; i++) await limiter.take(turn);
    await expect(limiter.take(turn)).rejects.toThrow(LimitError); // turn 21: the burst is spent

    vi.setSystemTime(new Date('2026-05-01T12:00:06Z')); // 10 turns a minute: one back after 6 s
    await expect(limiter.take(turn)).resolves.toBeUndefined();
    await expect(limiter.take(turn)).rejects.toThrow(LimitError);
    expect(safetyFor(rt).limiter).toBe(limiter); // one limiter per runtime, shared by every turn
  });

  it('keeps the turn limit in the store, where another runtime on it sees the same turns', async () => {
    vi.useFakeTimers({ now: new Date('2026-05-01T12:00:00Z'), toFake: ['Date'] });
    const one = await runtime();
    const two = { ...one } as Runtime; // a second process on the same store
    const turn = { userId: 'usr_1', timeZone: 'Europe/Paris' };
    for (let i = 0; i < 10; i++) await safetyFor(one).limiter.take(turn);
    for (let i = 0; i < 10; i++) await safetyFor(two).limiter.take(turn);
    await expect(safetyFor(two).limiter.take(turn)).rejects.toThrow(LimitError);
  });

  it('counts safety events by kind in the shared counters, never by user', async () => {
    const rt = await runtime();
    await safetyFor(rt).events.record({ kind: 'crisis', userId: 'usr_1', at: new Date() });
    await safetyFor(rt).events.record({ kind: 'crisis', userId: 'usr_2', at: new Date() });
    const totals = await countersFor(rt).totals();
    expect(totals).toEqual([{ name: 'ipet_safety_events_total', labels: { kind: 'crisis' }, value: 2 }]);
    await countersFor(rt).close();
  });
});
