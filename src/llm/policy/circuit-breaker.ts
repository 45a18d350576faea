import { ModelCallError } from '../../core/index.ts';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitSnapshot {
  name: string;
  state: CircuitState;
  consecutiveFailures: number;
  /** Times the circuit opened since start. */
  opened: number;
}

/** Permission for one attempt; settle it exactly once (later calls are ignored). */
export interface CircuitTicket {
  success(): void;
  failure(): void;
  /** Neither: the attempt was cancelled or its outcome says nothing about the server. */
  release(): void;
}

export interface CircuitBreaker {
  readonly name: string;
  /** Throws ModelCallError kind 'circuit-open' while open, or while a half-open probe is in flight. */
  enter(): CircuitTicket;
  snapshot(): CircuitSnapshot;
}

/**
 * Classic breaker: `failureThreshold` consecutive failures open it; after `cooldownMs` one probe goes
 * through (half-open); its success closes the circuit, its failure opens it for another cooldown.
 */
export function createCircuitBreaker(options: {
  name: string;
  failureThreshold: number;
  cooldownMs: number;
  now: () => number;
  onChange?: (state: CircuitState, snapshot: CircuitSnapshot) => void;
}): CircuitBreaker {
  let state: CircuitState = 'closed';
  let failures = 0;
  let openedAt = 0;
  let opened = 0;
  let probeInFlight = false;

  const snapshot = (): CircuitSnapshot => ({
    name: options.name,
    state: currentState(),
    consecutiveFailures: failures,
    opened,
  });
  const set = (next: CircuitState) => {
    if (next === state) return;
    state = next;
    options.onChange?.(next, snapshot());
  };
  const currentState = (): CircuitState =>
    state === 'open' && options.now() - openedAt >= options.cooldownMs ? 'half-open' : state;
  const open = () => {
    openedAt = options.now();
    opened++;
    state = 'open';
    options.onChange?.('open', snapshot());
  };

  const rejection = (retryAfterMs: number | undefined) =>
    new ModelCallError(`the circuit to ${options.name} is open after repeated failures`, {
      kind: 'circuit-open',
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      hint: 'the model server kept failing; ipet will try again after a cooldown (`ipet doctor` shows why)',
      isRetryable: true,
    });

  return {
    name: options.name,
    snapshot,
    enter() {
      const now = currentState();
      if (now === 'open') throw rejection(Math.max(0, openedAt + options.cooldownMs - options.now()));
      if (now === 'half-open') {
        if (probeInFlight) throw rejection(undefined);
        set('half-open');
        probeInFlight = true;
      }
      const isProbe = now === 'half-open';
      let settled = false;
      const settle = (outcome: 'success' | 'failure' | 'release') => {
        if (settled) return;
        settled = true;
        if (isProbe) probeInFlight = false;
        if (outcome === 'success') {
          failures = 0;
          set('closed');
        } else if (outcome === 'failure') {
          failures++;
          if (isProbe || (state === 'closed' && failures >= options.failureThreshold)) open();
        }
      };
      return {
        success: () => settle('success'),
        failure: () => settle('failure'),
        release: () => settle('release'),
      };
    },
  };
}
