import { createWaitQueue, type Logger, type Sleep, silentLogger, sleep } from '../../core/index.ts';
import type { FleetLimiter } from './fleet-limiter.ts';
import { createParking, type ParkingOptions } from './parking.ts';

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
  const queue = createWaitQueue<() => void>();

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
      queue.grant(release());
    }
  };
  const enqueue = (signal: AbortSignal | undefined, first: boolean) => {
    if (closed) return Promise.reject(new Error('limiter closed'));
    const granted = queue.wait(signal, { first });
    grantNext();
    return granted;
  };

  const parking = createParking(
    {
      slots,
      acquireFirst: (signal) => enqueue(signal, true),
      sleep: options.sleep ?? sleep,
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
      queue.failAll(new Error('limiter closed'));
    },
  };
}
