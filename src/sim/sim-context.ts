import { drawFault, type FaultKind } from './faults.ts';
import {
  DEFAULT_SIM_OPTIONS,
  type ResolvedSimOptions,
  resolveOptions,
  type SimOptions,
  SimOptionsError,
} from './options.ts';
import { createPrefixCache, type PrefixCache } from './prefix-cache.ts';
import { createRng, type Rng } from './rng.ts';
import { createSlots, type Slots } from './slots.ts';
import { createStatsRecorder, type StatsRecorder } from './stats.ts';

export interface SimClock {
  /** Monotonic milliseconds (durations, utilisation). */
  now(): number;
  /** Wall-clock milliseconds since the epoch (`created` fields, `since`). */
  epochNow(): number;
}

export const systemSimClock: SimClock = { now: () => performance.now(), epochNow: () => Date.now() };

/** Everything the handlers share: live options, the serving slots, counters, the prefix cache, the fault RNG. */
export interface SimContext {
  readonly options: ResolvedSimOptions;
  readonly slots: Slots;
  readonly stats: StatsRecorder;
  readonly cache: PrefixCache;
  readonly clock: SimClock;
  /** Decides whether this request gets an injected fault (and counts it). */
  drawFault(): FaultKind | undefined;
  /** Marks a request held open by a `timeout` fault until it closes. */
  hold(): () => void;
  nextId(prefix: string): string;
  configure(patch: Partial<SimOptions>): void;
  reset(): void;
}

export function createSimContext(options: SimOptions = {}, clock: SimClock = systemSimClock): SimContext {
  let current = resolveOptions(DEFAULT_SIM_OPTIONS, options);
  let faultRng: Rng = createRng(current.seed);
  let hanging = 0;
  let ids = 0;
  // The recorder reads the gauges from the slots, which are created right after it.
  let slots: Slots | undefined;
  const stats = createStatsRecorder({
    now: clock.now,
    epochNow: clock.epochNow,
    gauges: () => ({
      active: slots?.active ?? 0,
      queued: slots?.queued ?? 0,
      capacity: slots?.capacity ?? current.capacity,
      hanging,
    }),
  });
  slots = createSlots(current.capacity, { before: stats.integrate, after: stats.observe });
  const cache = createPrefixCache({ capacity: 256, blockTokens: 16 });
  const liveSlots = slots;

  return {
    get options() {
      return current;
    },
    slots: liveSlots,
    stats,
    cache,
    clock,
    drawFault() {
      const kind = drawFault(faultRng, current.failRate, current.faults);
      if (kind) stats.fault(kind);
      return kind;
    },
    hold() {
      hanging++;
      let held = true;
      return () => {
        if (held) hanging--;
        held = false;
      };
    },
    nextId(prefix) {
      ids++;
      return `${prefix}-sim${ids.toString(36)}`;
    },
    configure(patch) {
      if (patch.host !== undefined || patch.port !== undefined) {
        throw new SimOptionsError('host and port cannot change while the simulator is running');
      }
      const next = resolveOptions(current, patch);
      const reseed = next.seed !== current.seed;
      current = next;
      if (reseed) faultRng = createRng(current.seed);
      if (liveSlots.capacity !== current.capacity) liveSlots.setCapacity(current.capacity);
    },
    reset() {
      stats.reset();
      cache.clear();
      faultRng = createRng(current.seed);
    },
  };
}
