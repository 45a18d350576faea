import { describe, expect, it } from 'vitest';
import { createWaitQueue, mapWithConcurrency, sleep } from './wait.ts';

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

describe('sleep', () => {
  it('resolves after the time, and rejects with the reason as soon as the signal aborts', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
    const controller = new AbortController();
    const started = Date.now();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(sleep(1, controller.signal)).rejects.toThrow('stop');
  });
});

describe('createWaitQueue', () => {
  it('grants first in first out, lets a caller jump the line, and fails everyone on request', async () => {
    const queue = createWaitQueue<string>();
    expect(queue.grant('nobody')).toBe(false);
    const a = queue.wait();
    const b = queue.wait();
    const c = queue.wait(undefined, { first: true });
    expect(queue.length).toBe(3);
    expect(queue.grant('1')).toBe(true);
    expect(queue.grant('2')).toBe(true);
    expect(await Promise.all([c, a])).toEqual(['1', '2']);
    queue.failAll(new Error('closed'));
    await expect(b).rejects.toThrow('closed');
    expect(queue.length).toBe(0);
  });

  it('drops a waiter whose signal aborts', async () => {
    const queue = createWaitQueue<number>();
    const controller = new AbortController();
    const gone = queue.wait(controller.signal);
    const stays = queue.wait();
    controller.abort(new Error('gave up'));
    await expect(gone).rejects.toThrow('gave up');
    expect(queue.length).toBe(1);
    queue.grant(7);
    await expect(stays).resolves.toBe(7);
    await expect(queue.wait(controller.signal)).rejects.toThrow('gave up');
  });
});
