import { describe, expect, it } from 'vitest';
import { createSemaphore } from './semaphore.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createSemaphore', () => {
  it('never lets more than n holders in and grants waiters in FIFO order', async () => {
    const semaphore = createSemaphore(2);
    const order: number[] = [];
    let inside = 0;
    let maxInside = 0;
    const gates: Array<() => void> = [];
    const work = async (id: number) => {
      const release = await semaphore.acquire();
      order.push(id);
      inside++;
      maxInside = Math.max(maxInside, inside);
      await new Promise<void>((resolve) => gates.push(resolve));
      inside--;
      release();
    };
    const all = Promise.all([1, 2, 3, 4, 5].map(work));
    await tick();
    expect(order).toEqual([1, 2]);
    expect(semaphore.waiting).toBe(3);
    while (gates.length > 0) {
      gates.shift()?.();
      await tick();
    }
    await all;
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(maxInside).toBe(2);
    expect(semaphore.active).toBe(0);
  });

  it('drops an aborted waiter from the queue and rejects it with the reason', async () => {
    const semaphore = createSemaphore(1);
    const release = await semaphore.acquire();
    const controller = new AbortController();
    const aborted = semaphore.acquire(controller.signal);
    const next = semaphore.acquire();
    expect(semaphore.waiting).toBe(2);
    controller.abort(new Error('gone'));
    await expect(aborted).rejects.toThrow('gone');
    expect(semaphore.waiting).toBe(1);
    release();
    const releaseNext = await next;
    expect(semaphore.active).toBe(1);
    releaseNext();
    expect(semaphore.active).toBe(0);
  });

  it('ignores a second release', async () => {
    const semaphore = createSemaphore(1);
    const release = await semaphore.acquire();
    const waiter = semaphore.acquire();
    release();
    release();
    await waiter;
    expect(semaphore.active).toBe(1);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const semaphore = createSemaphore(1);
    await expect(semaphore.acquire(AbortSignal.abort(new Error('early')))).rejects.toThrow('early');
    expect(semaphore.active).toBe(0);
  });

  it('keeps the reserved permits for interactive callers and serves them before background ones', async () => {
    const semaphore = createSemaphore(3, { reserve: 1 });
    const background = [await semaphore.acquire(), await semaphore.acquire()];
    const order: string[] = [];
    // A third background caller waits although a permit is free: it is kept for a chat turn.
    const third = semaphore.acquire().then((release) => {
      order.push('background');
      return release;
    });
    await tick();
    expect(semaphore.active).toBe(2);
    const chat = await semaphore.acquire(undefined, { interactive: true });
    expect(semaphore.active).toBe(3);
    // Everything is taken; the next interactive caller goes ahead of the background one that waited first.
    const secondChat = semaphore.acquire(undefined, { interactive: true }).then((release) => {
      order.push('interactive');
      return release;
    });
    background[0]?.();
    await tick();
    expect(order).toEqual(['interactive']);
    chat();
    await tick();
    expect(order).toEqual(['interactive', 'background']);
    (await secondChat)();
    (await third)();
    background[1]?.();
    expect(semaphore.active).toBe(0);
  });

  it('has nothing to reserve with a single permit: both kinds share it, interactive first', async () => {
    const semaphore = createSemaphore(1, { reserve: 1 });
    const release = await semaphore.acquire();
    const order: string[] = [];
    const waiter = (name: string, interactive: boolean) =>
      semaphore.acquire(undefined, { interactive }).then((r) => {
        order.push(name);
        return r;
      });
    const background = waiter('background', false);
    const chat = waiter('chat', true);
    release();
    await tick();
    expect(order).toEqual(['chat']);
    (await chat)();
    (await background)();
    expect(order).toEqual(['chat', 'background']);
    expect(semaphore.active).toBe(0);
  });
});
