import { FAULT_KINDS, type FaultKind } from './faults.ts';

export type SimEndpoint = 'models' | 'chatCompletions' | 'embeddings';

export interface SimStats {
  /** Start of the counting period (start or last reset), ISO 8601. */
  since: string;
  /** Length of the counting period. */
  wallMs: number;
  requests: { total: number } & Record<SimEndpoint, number>;
  /** Requests in service now, and the most at once in the period. */
  active: number;
  maxActive: number;
  /** Requests waiting for a slot now, and the most at once in the period. */
  queued: number;
  maxQueued: number;
  /** Requests held open by an injected `timeout` fault. */
  hanging: number;
  capacity: number;
  /** Requests answered in full. */
  completed: number;
  /** 429 answers because the simulator was at capacity in 'reject' mode (not counted as faults). */
  rejected: number;
  /** Requests whose client went away before the answer was complete (injected faults excluded). */
  clientAborts: number;
  /** 400/404/405 answers. */
  badRequests: number;
  faults: { total: number } & Record<FaultKind, number>;
  tokens: { prompt: number; completion: number; cached: number; embedding: number };
  /** Integral over time of min(active, capacity), in slot-milliseconds. */
  busyMs: number;
  /** Integral over time of capacity, in slot-milliseconds. */
  capacityMs: number;
  /** busyMs / capacityMs: the share of serving slots that were busy over the period. */
  utilisation: number;
  /** JSON-schema patterns for which no matching string could be generated. */
  unsupportedPatterns: string[];
}

export interface Gauges {
  active: number;
  queued: number;
  capacity: number;
  hanging: number;
}

export interface StatsRecorder {
  /** Close the current period of the time integrals (call before active or capacity changes). */
  integrate(): void;
  /** Track maxima (call after active or queue changes). */
  observe(): void;
  request(endpoint: SimEndpoint): void;
  fault(kind: FaultKind): void;
  count(counter: 'completed' | 'rejected' | 'clientAborts' | 'badRequests'): void;
  tokens(usage: Partial<SimStats['tokens']>): void;
  unsupportedPatterns(patterns: readonly string[]): void;
  snapshot(): SimStats;
  reset(): void;
}

const MAX_PATTERNS = 64;

/** Counters and time-weighted utilisation; `now` is a monotonic clock in ms, `epochNow` wall-clock ms. */
export function createStatsRecorder(deps: {
  now: () => number;
  epochNow: () => number;
  gauges: () => Gauges;
}): StatsRecorder {
  const zeroFaults = () => Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  let since = 0;
  let sinceEpoch = 0;
  let last = 0;
  let s = fresh();

  function fresh() {
    const g = deps.gauges();
    since = deps.now();
    sinceEpoch = deps.epochNow();
    last = since;
    return {
      requests: { total: 0, models: 0, chatCompletions: 0, embeddings: 0 },
      maxActive: g.active,
      maxQueued: g.queued,
      completed: 0,
      rejected: 0,
      clientAborts: 0,
      badRequests: 0,
      faults: { total: 0, ...zeroFaults() },
      tokens: { prompt: 0, completion: 0, cached: 0, embedding: 0 },
      busyMs: 0,
      capacityMs: 0,
      unsupportedPatterns: new Set<string>(),
    };
  }

  const integrate = () => {
    const t = deps.now();
    const dt = t - last;
    if (dt > 0) {
      const g = deps.gauges();
      s.busyMs += Math.min(g.active, g.capacity) * dt;
      s.capacityMs += g.capacity * dt;
    }
    last = t;
  };

  return {
    integrate,
    observe() {
      const g = deps.gauges();
      s.maxActive = Math.max(s.maxActive, g.active);
      s.maxQueued = Math.max(s.maxQueued, g.queued);
    },
    request(endpoint) {
      s.requests.total++;
      s.requests[endpoint]++;
    },
    fault(kind) {
      s.faults.total++;
      s.faults[kind]++;
    },
    count(counter) {
      s[counter]++;
    },
    tokens(usage) {
      for (const [key, value] of Object.entries(usage) as Array<[keyof SimStats['tokens'], number]>) {
        s.tokens[key] += value;
      }
    },
    unsupportedPatterns(patterns) {
      for (const p of patterns) if (s.unsupportedPatterns.size < MAX_PATTERNS) s.unsupportedPatterns.add(p);
    },
    snapshot() {
      integrate();
      const g = deps.gauges();
      return {
        since: new Date(sinceEpoch).toISOString(),
        wallMs: last - since,
        requests: { ...s.requests },
        active: g.active,
        maxActive: s.maxActive,
        queued: g.queued,
        maxQueued: s.maxQueued,
        hanging: g.hanging,
        capacity: g.capacity,
        completed: s.completed,
        rejected: s.rejected,
        clientAborts: s.clientAborts,
        badRequests: s.badRequests,
        faults: { ...s.faults },
        tokens: { ...s.tokens },
        busyMs: s.busyMs,
        capacityMs: s.capacityMs,
        utilisation: s.capacityMs > 0 ? s.busyMs / s.capacityMs : 0,
        unsupportedPatterns: [...s.unsupportedPatterns],
      };
    },
    reset() {
      s = fresh();
    },
  };
}
