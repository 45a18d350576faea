import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from './concurrency.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 2));

describe('mapWithConcurrency', () => {
  it('keeps order and never exceeds the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapWithConcurrency([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await tick();
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(peak).toBe(3);
  });

  it('stops starting work after a failure and waits for running calls before throwing', async () => {
    const started: number[] = [];
    let running = 0;
    const run = mapWithConcurrency([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      running++;
      await tick();
      running--;
      if (n === 2) throw new Error('boom');
      return n;
    });
    await expect(run).rejects.toThrow('boom');
    expect(running).toBe(0);
    expect(started.length).toBeLessThan(6);
  });
});
