/**
 * Waiting that a signal can cut short: the project's one sleep and one queue of waiters. Every wait that a
 * caller may give up on (a client that went away, a batch that stops) takes an AbortSignal and leaves no
 * timer or listener behind.
 */

/** Resolves after `ms`; rejects with `signal.reason` as soon as `signal` aborts. Injected where tests wait. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Callers waiting for something handed out one at a time (a permit, a slot, a connection), first in first
 * out. A waiter whose signal aborts leaves the queue and rejects with the signal's reason.
 */
export interface WaitQueue<T> {
  readonly length: number;
  /** Waits until `grant` hands this caller a value. `first` goes ahead of every waiting caller. */
  wait(signal?: AbortSignal, options?: { first?: boolean }): Promise<T>;
  /** Hands `value` to the caller that has waited longest; false (value unused) when nobody waits. */
  grant(value: T): boolean;
  /** Rejects every waiting caller with `reason` and empties the queue. */
  failAll(reason: unknown): void;
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(reason: unknown): void;
}

export function createWaitQueue<T>(): WaitQueue<T> {
  const waiters: Waiter<T>[] = [];
  return {
    get length() {
      return waiters.length;
    },
    wait(signal, options = {}) {
      return new Promise<T>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const onAbort = () => {
          const i = waiters.indexOf(waiter);
          if (i >= 0) waiters.splice(i, 1);
          reject(signal?.reason);
        };
        const waiter: Waiter<T> = {
          resolve(value) {
            signal?.removeEventListener('abort', onAbort);
            resolve(value);
          },
          reject(reason) {
            signal?.removeEventListener('abort', onAbort);
            reject(reason);
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        if (options.first) waiters.unshift(waiter);
        else waiters.push(waiter);
      });
    },
    grant(value) {
      const next = waiters.shift();
      next?.resolve(value);
      return next !== undefined;
    },
    failAll(reason) {
      for (const waiter of waiters.splice(0)) waiter.reject(reason);
    },
  };
}

/**
 * Maps `items` through `fn` with at most `limit` calls in flight, keeping the input order. After the first
 * failure no new call starts; the calls already running are awaited, then the first error is thrown, so no
 * work is left running behind the caller's back.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let nextIndex = 0;
  let failure: { error: unknown } | null = null;

  const worker = async () => {
    while (failure === null && nextIndex < items.length) {
      const index = nextIndex++;
      try {
        results[index] = await fn(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}
