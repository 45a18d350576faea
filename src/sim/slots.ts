/** A place in service or in the queue; `release` is idempotent and also leaves the queue. */
export interface Lease {
  readonly granted: boolean;
  release(): void;
}

/** At most `capacity` leases granted at once; the rest wait first-in first-out. */
export interface Slots {
  readonly active: number;
  readonly queued: number;
  readonly capacity: number;
  setCapacity(capacity: number): void;
  /** Grants at once or queues; `onGrant` runs (asynchronously) when a queued lease is granted later. */
  acquire(onGrant: () => void): Lease;
}

export interface SlotHooks {
  /** Runs before the number in service or the capacity changes (time-weighted statistics close a period). */
  before?(): void;
  /** Runs after any change (maximum tracking). */
  after?(): void;
}

interface Waiter {
  state: 'waiting' | 'granted' | 'released';
  onGrant(): void;
}

export function createSlots(initialCapacity: number, hooks: SlotHooks = {}): Slots {
  const before = hooks.before ?? (() => {});
  const after = hooks.after ?? (() => {});
  let capacity = initialCapacity;
  let active = 0;
  // A Set keeps insertion order (FIFO) and removes a cancelled waiter in O(1).
  const waiting = new Set<Waiter>();

  // Counts settle synchronously; callbacks run afterwards so they never observe a half-updated state.
  const drain = () => {
    const granted: Waiter[] = [];
    while (active < capacity && waiting.size > 0) {
      const next = waiting.values().next().value as Waiter;
      waiting.delete(next);
      next.state = 'granted';
      active++;
      granted.push(next);
    }
    if (granted.length > 0) {
      queueMicrotask(() => {
        for (const waiter of granted) if (waiter.state === 'granted') waiter.onGrant();
      });
    }
  };

  return {
    get active() {
      return active;
    },
    get queued() {
      return waiting.size;
    },
    get capacity() {
      return capacity;
    },
    setCapacity(next) {
      before();
      capacity = next;
      drain();
      after();
    },
    acquire(onGrant) {
      const waiter: Waiter = { state: 'waiting', onGrant };
      before();
      if (active < capacity && waiting.size === 0) {
        active++;
        waiter.state = 'granted';
      } else {
        waiting.add(waiter);
      }
      after();
      return {
        get granted() {
          return waiter.state === 'granted';
        },
        release() {
          if (waiter.state === 'released') return;
          const wasGranted = waiter.state === 'granted';
          waiter.state = 'released';
          before();
          if (wasGranted) {
            active--;
            drain();
          } else {
            waiting.delete(waiter);
          }
          after();
        },
      };
    },
  };
}
