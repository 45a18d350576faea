/** Waits a test controls: a timer fired by hand and a sleep that returns at once. */

/** `(ms, signal) => Promise<void>` that settles only when the test fires it (or the signal aborts it). */
export interface ManualTimer {
  (ms: number, signal: AbortSignal): Promise<void>;
  /** Durations of the timers still pending. */
  pending(): number[];
  /** Fires every pending timer of `ms` (all pending timers when omitted); returns how many fired. */
  fire(ms?: number): number;
}

export function manualTimer(): ManualTimer {
  const timers: Array<{ ms: number; resolve: () => void; signal: AbortSignal }> = [];
  const live = () => timers.filter((t) => !t.signal.aborted);
  const timer = ((ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const entry = { ms, resolve, signal };
      timers.push(entry);
      signal.addEventListener('abort', () => {
        timers.splice(timers.indexOf(entry), 1);
        reject(signal.reason);
      });
    })) as ManualTimer;
  timer.pending = () => live().map((t) => t.ms);
  timer.fire = (ms) => {
    const due = live().filter((t) => ms === undefined || t.ms === ms);
    for (const t of due) {
      timers.splice(timers.indexOf(t), 1);
      t.resolve();
    }
    return due.length;
  };
  return timer;
}

/** A sleep that returns at once (or rejects if the signal is aborted) and records what it was asked. */
export interface RecordingSleep {
  (ms: number, signal?: AbortSignal): Promise<void>;
  readonly calls: number[];
}

export function recordingSleep(): RecordingSleep {
  const calls: number[] = [];
  const sleep = async (ms: number, signal?: AbortSignal) => {
    calls.push(ms);
    if (signal?.aborted) throw signal.reason;
  };
  return Object.assign(sleep, { calls });
}
