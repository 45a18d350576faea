import type { Limiter } from '../../llm/index.ts';

/**
 * A limit on model calls in flight shared by every worker of the fleet (plugged into the runtime through
 * `RuntimeOptions.limiter`), which also slows the fleet down when the model server answers 429.
 */
export interface FleetLimiter extends Limiter {
  /** Calls the model server takes at once (its capacity, as configured). */
  readonly slots: number;
  /** Slots this process holds now, parked ones included. */
  readonly held: number;
  /** Slots this process keeps unused after a rate limit. */
  readonly parked: number;
  /** The server said "too many requests": hold back part of the slots for `retryAfterMs` (or a default). */
  slowDown(retryAfterMs?: number): void;
  /** Fails waiting callers and lets go of every slot. */
  close(): Promise<void>;
}
