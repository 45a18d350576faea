import { createWaitQueue } from '../../core/index.ts';

export interface AcquireOptions {
  /**
   * A call someone is waiting for (a chat turn): it goes ahead of background calls in the queue and may take
   * the permits kept for it (`reserve`). Default false: background.
   */
  interactive?: boolean;
}

/**
 * A limit on calls in flight. `acquire` resolves with a release function once the caller may go ahead; it
 * rejects with `signal.reason` if the signal aborts while waiting. The nightly batch plugs in a fleet-wide
 * implementation (on PostgreSQL); `createSemaphore` is the in-process one.
 */
export interface Limiter {
  acquire(signal?: AbortSignal, options?: AcquireOptions): Promise<() => void>;
  /**
   * Told by the model layer whenever the server answered "too many requests" (with its Retry-After when it
   * sent one), retried or not; the fleet limiter holds slots back. A plain semaphore has nothing to do.
   */
  slowDown?(retryAfterMs?: number): void;
}

export interface Semaphore extends Limiter {
  readonly active: number;
  readonly waiting: number;
}

/**
 * FIFO, abort-aware counting semaphore with two classes of callers. Interactive callers are served before
 * background ones; background callers never hold more than `permits - reserve` permits at once, so the
 * reserved ones are free for an interactive call whatever the background load. Release functions are
 * idempotent.
 */
export function createSemaphore(permits: number, options: { reserve?: number } = {}): Semaphore {
  if (!Number.isInteger(permits) || permits < 1) {
    throw new RangeError(`a semaphore needs at least one permit (got ${permits})`);
  }
  const reserve = permits > 1 ? Math.min(Math.max(0, Math.floor(options.reserve ?? 0)), permits - 1) : 0;
  let active = 0;
  let background = 0;
  const interactiveQueue = createWaitQueue<() => void>();
  const backgroundQueue = createWaitQueue<() => void>();

  const makeRelease = (isBackground: boolean) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      active--;
      if (isBackground) background--;
      dispatch();
    };
  };
  const backgroundMayEnter = () => active < permits && background < permits - reserve;
  const dispatch = () => {
    while (active < permits && interactiveQueue.length > 0) {
      active++;
      interactiveQueue.grant(makeRelease(false));
    }
    while (backgroundMayEnter() && backgroundQueue.length > 0) {
      active++;
      background++;
      backgroundQueue.grant(makeRelease(true));
    }
  };

  return {
    get active() {
      return active;
    },
    get waiting() {
      return interactiveQueue.length + backgroundQueue.length;
    },
    acquire(signal, acquireOptions = {}) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (acquireOptions.interactive) {
        if (active < permits && interactiveQueue.length === 0) {
          active++;
          return Promise.resolve(makeRelease(false));
        }
        return interactiveQueue.wait(signal);
      }
      if (backgroundMayEnter() && backgroundQueue.length === 0 && interactiveQueue.length === 0) {
        active++;
        background++;
        return Promise.resolve(makeRelease(true));
      }
      return backgroundQueue.wait(signal);
    },
  };
}
