import { type DeliveryDeps, deliverDueMessages } from './deliver.ts';

export interface DeliveryLoop {
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/** How often `ipet serve`, `ipet up` and `ipet worker` look for due messages by default. */
export const DEFAULT_DELIVERY_EVERY_MS = 20_000;

/**
 * Delivers due messages now and every `everyMs` in this process, one pass at a time; a failed pass is
 * logged and the next one tries again. Any number of processes may run it (see `deliverDueMessages`).
 */
export function startDeliveryLoop(deps: DeliveryDeps, options: { everyMs: number }): DeliveryLoop {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = deliverDueMessages(deps)
      .catch((error) => deps.logger.warn('proactive: delivery pass failed', { error: error as Error }))
      .finally(() => {
        running = null;
      });
  };
  tick();
  const timer = setInterval(tick, options.everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
