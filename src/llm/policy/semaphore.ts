import { createWaitQueue } from '../../core/index.ts';

/**
 * A limit on calls in flight. `acquire` resolves with a release function once the caller may go ahead; it
 * rejects with `signal.reason` if the signal aborts while waiting. The nightly batch plugs in a fleet-wide
 * implementation (on PostgreSQL); `createSemaphore` is the in-process one.
 */
export interface Limiter {
  acquire(signal?: AbortSignal): Promise<() => void>;
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

/** FIFO, abort-aware counting semaphore. Release functions are idempotent. */
export function createSemaphore(permits: number): Semaphore {
  if (!Number.isInteger(permits) || permits < 1) {
    throw new RangeError(`a semaphore needs at least one permit (got ${permits})`);
  }
  let active = 0;
  const queue = createWaitQueue<() => void>();

  const makeRelease = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      active--;
      if (queue.length > 0) {
        active++;
        queue.grant(makeRelease());
      }
    };
  };

  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (active < permits && queue.length === 0) {
        active++;
        return Promise.resolve(makeRelease());
      }
      return queue.wait(signal);
    },
  };
}
