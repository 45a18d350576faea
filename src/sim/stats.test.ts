import { describe, expect, it } from 'vitest';
import { createStatsRecorder, type Gauges } from './stats.ts';

describe('createStatsRecorder', () => {
  it('integrates busy slots over time and derives utilisation', () => {
    let t = 0;
    const g: Gauges = { active: 0, queued: 0, capacity: 4, hanging: 0 };
    const stats = createStatsRecorder({ now: () => t, epochNow: () => 1_700_000_000_000, gauges: () => g });
    t = 100; // idle 100 ms
    stats.integrate();
    g.active = 2;
    stats.observe();
    t = 200; // 2 busy for 100 ms
    stats.integrate();
    g.active = 6; // more than capacity (capacity was lowered): counts as 4
    stats.observe();
    t = 300;
    const s = stats.snapshot();
    expect(s.busyMs).toBe(2 * 100 + 4 * 100);
    expect(s.capacityMs).toBe(4 * 300);
    expect(s.utilisation).toBeCloseTo(600 / 1200);
    expect(s.maxActive).toBe(6);
    expect(s.wallMs).toBe(300);
  });

  it('counts requests, faults and tokens, and reset clears them', () => {
    let t = 0;
    const stats = createStatsRecorder({
      now: () => t,
      epochNow: () => 0,
      gauges: () => ({ active: 1, queued: 0, capacity: 1, hanging: 0 }),
    });
    stats.request('chatCompletions');
    stats.request('embeddings');
    stats.fault('timeout');
    stats.tokens({ prompt: 10, cached: 4 });
    stats.tokens({ prompt: 5 });
    stats.unsupportedPatterns(['(?=x)']);
    let s = stats.snapshot();
    expect(s.requests).toEqual({ total: 2, models: 0, chatCompletions: 1, embeddings: 1 });
    expect(s.faults.total).toBe(1);
    expect(s.faults.timeout).toBe(1);
    expect(s.tokens).toEqual({ prompt: 15, completion: 0, cached: 4, embedding: 0 });
    expect(s.unsupportedPatterns).toEqual(['(?=x)']);
    t = 50;
    stats.reset();
    t = 60;
    s = stats.snapshot();
    expect(s.requests.total).toBe(0);
    expect(s.unsupportedPatterns).toEqual([]);
    expect(s.busyMs).toBe(10);
    expect(s.maxActive).toBe(1);
  });
});
