import { type Logger, silentLogger } from '../../core/index.ts';
import { type FleetLimiter, realSleep, type Sleep } from './fleet-limiter.ts';
import { createParking, type ParkingOptions } from './parking.ts';

interface Waiter {
  grant(release: () => void): void;
  fail(reason: unknown): void;
}

/**
 * The fleet limiter of a single process (the embedded store, where only one process can run): a FIFO
 * semaphore of `slots` permits whose 429 handling parks permits like the PostgreSQL one parks slots.
 */
export function createLocalLimiter(
  options: { slots: number; sleep?: Sleep; now?: () => number; logger?: Logger } & ParkingOptions,
): FleetLimiter {
  const { slots } = options;
  if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`slots must be >= 1 (got ${slots})`);
  let active = 0;
  let closed = false;
  const queue: Waiter[] = [];

  const release = () => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      active--;
      grantNext();
    };
  };
  const grantNext = () => {
    while (active < slots && queue.length > 0) {
      active++;
      queue.shift()?.grant(release());
    }
  };
  const enqueue = (signal: AbortSignal | undefined, first: boolean) =>
    new Promise<() => void>((resolve, reject) => {
      if (closed) return reject(new Error('limiter closed'));
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant(r) {
          signal?.removeEventListener('abort', onAbort);
          resolve(r);
        },
        fail(reason) {
          signal?.removeEventListener('abort', onAbort);
          reject(reason);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (first) queue.unshift(waiter);
      else queue.push(waiter);
      grantNext();
    });

  const parking = createParking(
    {
      slots,
      acquireFirst: (signal) => enqueue(signal, true),
      sleep: options.sleep ?? realSleep,
      now: options.now ?? Date.now,
      logger: options.logger ?? silentLogger,
    },
    options,
  );

  return {
    slots,
    get held() {
      return active;
    },
    get parked() {
      return parking.parked;
    },
    acquire: (signal) => enqueue(signal, false),
    slowDown: (ms) => parking.slowDown(ms),
    async close() {
      closed = true;
      parking.close();
      for (const waiter of queue.splice(0)) waiter.fail(new Error('limiter closed'));
    },
  };
}
