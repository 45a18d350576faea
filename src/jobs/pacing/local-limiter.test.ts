import { describe, expect, it } from 'vitest';
import type { Sleep } from '../../core/index.ts';
import { createLocalLimiter } from './local-limiter.ts';

/** A clock that moves only when the test says so; sleepers wake when their time has come. */
function manualTime() {
  let t = 0;
  const sleepers: Array<{ at: number; wake: () => void }> = [];
  const sleep: Sleep = (ms, signal) =>
    new Promise((resolve, reject) => {
      const entry = { at: t + ms, wake: resolve };
      sleepers.push(entry);
      signal?.addEventListener('abort', () => {
        sleepers.splice(sleepers.indexOf(entry), 1);
        reject(signal.reason);
      });
    });
  return {
    now: () => t,
    sleep,
    async advance(ms: number) {
      t += ms;
      for (const s of sleepers.filter((x) => x.at <= t)) {
        sleepers.splice(sleepers.indexOf(s), 1);
        s.wake();
      }
      await flush();
    },
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('createLocalLimiter', () => {
  it('never lets more than `slots` callers in, and serves waiters in order', async () => {
    const limiter = createLocalLimiter({ slots: 2 });
    const order: number[] = [];
    const releases = await Promise.all([limiter.acquire(), limiter.acquire()]);
    const waiting = [1, 2, 3].map((n) =>
      limiter.acquire().then((release) => {
        order.push(n);
        return release;
      }),
    );
    await flush();
    expect(limiter.held).toBe(2);
    expect(order).toEqual([]);
    releases[0]?.();
    releases[0]?.(); // idempotent
    await flush();
    expect(order).toEqual([1]);
    expect(limiter.held).toBe(2);
    releases[1]?.();
    await flush();
    expect(order).toEqual([1, 2]);
    for (const release of await Promise.all(waiting.slice(0, 2))) release();
    await flush();
    expect(order).toEqual([1, 2, 3]);
  });

  it('rejects a waiter whose signal aborts, and gives its turn to the next', async () => {
    const limiter = createLocalLimiter({ slots: 1 });
    const first = await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const next = limiter.acquire();
    controller.abort(new Error('gave up'));
    await expect(aborted).rejects.toThrow('gave up');
    first();
    const release = await next;
    expect(limiter.held).toBe(1);
    release();
  });

  it('holds back half the slots after a rate limit, until the retry-after has passed', async () => {
    const time = manualTime();
    const limiter = createLocalLimiter({ slots: 4, sleep: time.sleep, now: time.now });
    limiter.slowDown(1_000);
    await flush();
    expect(limiter.parked).toBe(2);
    const granted: Array<() => void> = [];
    for (let i = 0; i < 3; i++) void limiter.acquire().then((r) => granted.push(r));
    await flush();
    expect(granted).toHaveLength(2);

    await time.advance(600);
    limiter.slowDown(1_000); // a second 429 extends the hold, it does not park more
    await flush();
    expect(limiter.parked).toBe(2);
    await time.advance(600);
    expect(granted).toHaveLength(2);

    await time.advance(500);
    expect(limiter.parked).toBe(0);
    expect(granted).toHaveLength(3);
    for (const release of granted) release();
    expect(limiter.held).toBe(0);
  });

  it('parks slots ahead of callers that were already waiting', async () => {
    const time = manualTime();
    const limiter = createLocalLimiter({ slots: 2, sleep: time.sleep, now: time.now });
    const held = await Promise.all([limiter.acquire(), limiter.acquire()]);
    let waiterGranted = false;
    void limiter.acquire().then(() => {
      waiterGranted = true;
    });
    limiter.slowDown(1_000);
    held[0]?.();
    await flush();
    expect(limiter.parked).toBe(1);
    expect(waiterGranted).toBe(false);
    await time.advance(1_000);
    expect(waiterGranted).toBe(true);
  });

  it('fails waiting callers when closed', async () => {
    const limiter = createLocalLimiter({ slots: 1 });
    await limiter.acquire();
    const waiting = limiter.acquire();
    await limiter.close();
    await expect(waiting).rejects.toThrow('limiter closed');
  });
});
