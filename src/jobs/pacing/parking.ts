import type { Logger, Sleep } from '../../core/index.ts';

export interface ParkingDeps {
  slots: number;
  /** Takes a slot ahead of every waiting caller. */
  acquireFirst(signal: AbortSignal): Promise<() => void>;
  sleep: Sleep;
  now: () => number;
  logger: Logger;
}

export interface ParkingOptions {
  /** Share of the slots held back (at least one). Default 0.5. */
  share?: number;
  /** Hold when the server gave no Retry-After. Default 2 s. */
  defaultMs?: number;
  /** Bounds of a hold. Default 250 ms .. 60 s. */
  minMs?: number;
  maxMs?: number;
}

/**
 * Slowing down after a 429 by parking slots: this process takes part of the slots, ahead of its own
 * callers, and keeps them unused until the server's Retry-After has passed. The slots are the same ones
 * every worker competes for, so the whole fleet's concurrency shrinks; further 429s extend the hold
 * instead of parking more.
 */
export function createParking(deps: ParkingDeps, options: ParkingOptions = {}) {
  const share = options.share ?? 0.5;
  const minMs = options.minMs ?? 250;
  const maxMs = options.maxMs ?? 60_000;
  const defaultMs = options.defaultMs ?? 2_000;
  let until = 0;
  let parked = 0;
  let stop: AbortController | null = null;
  const closing = new AbortController();

  const park = async (hold: AbortController) => {
    const releases: Array<() => void> = [];
    const count = Math.max(1, Math.floor(deps.slots * share));
    for (let i = 0; i < count; i++) {
      deps.acquireFirst(hold.signal).then(
        (release) => {
          if (hold.signal.aborted) release();
          else {
            releases.push(release);
            parked++;
          }
        },
        () => {},
      );
    }
    deps.logger.warn('model server rate limit: holding back slots', {
      slots: deps.slots,
      parked: count,
      ms: until - deps.now(),
    });
    try {
      for (let left = until - deps.now(); left > 0; left = until - deps.now()) {
        await deps.sleep(left, closing.signal);
      }
    } catch {
      // closing
    } finally {
      hold.abort();
      for (const release of releases.splice(0)) release();
      parked = 0;
      stop = null;
      deps.logger.info('model server rate limit: slots back in use', { slots: deps.slots });
    }
  };

  return {
    get parked() {
      return parked;
    },
    slowDown(retryAfterMs?: number) {
      if (closing.signal.aborted) return;
      const hold = Math.min(Math.max(retryAfterMs ?? defaultMs, minMs), maxMs);
      until = Math.max(until, deps.now() + hold);
      if (stop) return;
      stop = new AbortController();
      void park(stop);
    },
    close() {
      closing.abort(new Error('limiter closed'));
    },
  };
}
