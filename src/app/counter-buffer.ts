import type { CounterRepository, CounterSample, Logger } from '../core/index.ts';
import { counterKey } from '../store/index.ts';

/**
 * `/metrics` counters of one process, written behind: counting is a map update, and every `intervalMs` the
 * deltas since the last flush go to the shared counters (the store's, or Redis) in one round trip, where
 * every process adds its own. `sample` reads cumulative totals kept elsewhere in the process (model usage);
 * their growth since the last flush is added too (a total that went down was restarted: all of it is new).
 */
export interface CounterBuffer {
  add(name: string, labels: Readonly<Record<string, string>>, by?: number): void;
  /** Writes what was counted since the last flush; a failed write keeps it for the next one. */
  flush(): Promise<void>;
  /** Every process's totals, after this one's flush. */
  totals(): Promise<CounterSample[]>;
  /** Stops the timer and flushes (counting again restarts the timer). */
  close(): Promise<void>;
}

export interface CounterBufferOptions {
  intervalMs: number;
  logger: Logger;
  sample?: () => CounterSample[];
}

export function createCounterBuffer(repo: CounterRepository, options: CounterBufferOptions): CounterBuffer {
  let pending = new Map<string, CounterSample>();
  const sampled = new Map<string, number>();
  let timer: ReturnType<typeof setInterval> | null = null;
  let flushing: Promise<void> = Promise.resolve();

  const add = (name: string, labels: Readonly<Record<string, string>>, by = 1) => {
    if (!(Number.isFinite(by) && by !== 0)) return;
    const key = counterKey(name, labels);
    const entry = pending.get(key);
    if (entry) entry.value += by;
    else pending.set(key, { name, labels: { ...labels }, value: by });
    startTimer();
  };

  const takeSamples = () => {
    for (const s of options.sample?.() ?? []) {
      const key = counterKey(s.name, s.labels);
      const before = sampled.get(key) ?? 0;
      sampled.set(key, s.value);
      add(s.name, s.labels, s.value >= before ? s.value - before : s.value);
    }
  };

  const flushOnce = async () => {
    takeSamples();
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    try {
      await repo.add([...batch.values()]);
    } catch (error) {
      // Put back, so the figures are late rather than lost.
      for (const d of batch.values()) add(d.name, d.labels, d.value);
      throw error;
    }
  };

  const flush = () => {
    flushing = flushing.catch(() => {}).then(flushOnce);
    return flushing;
  };

  function startTimer() {
    if (timer) return;
    timer = setInterval(() => {
      flush().catch((error) => options.logger.warn('metrics: counters not flushed', { error }));
    }, options.intervalMs);
    timer.unref?.();
  }

  // Sampled totals change without `add`: flush them on the timer from the start.
  if (options.sample) startTimer();
  return {
    add,
    flush,
    async totals() {
      await flush();
      return repo.totals();
    },
    async close() {
      if (timer) clearInterval(timer);
      timer = null;
      await flush();
    },
  };
}
