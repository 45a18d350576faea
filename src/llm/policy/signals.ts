import { sleep } from '../../core/index.ts';

/**
 * Abort-signal helpers. Timers come through a seam (`Timer`) so that tests fire timeouts by hand instead of
 * waiting for them.
 */

/** Resolves after `ms`; rejects with `signal.reason` as soon as `signal` aborts. */
export type Timer = (ms: number, signal: AbortSignal) => Promise<void>;
/** The real timer is the project's one abort-aware sleep (core's `sleep`, which backoff waits use too). */
export const realTimer: Timer = sleep;

/** One signal that aborts when any of the given ones does (undefined entries are ignored). */
export function anySignal(...signals: [...Array<AbortSignal | undefined>, AbortSignal]): AbortSignal;
export function anySignal(...signals: Array<AbortSignal | undefined>): AbortSignal | undefined;
export function anySignal(...signals: Array<AbortSignal | undefined>): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

export interface Deadline {
  /** Aborts with the error made by `onExpire` when the time is up. */
  readonly signal: AbortSignal;
  readonly expired: boolean;
  /** Stops the timer (idempotent). */
  clear(): void;
}

/**
 * The reason a cleared deadline's timer stops with (nobody sees it). One shared value: `abort()` without a
 * reason builds a DOMException, stack trace and all, on every call - and a stream's first-token deadline is
 * cleared on each of its parts.
 */
const CLEARED = Symbol('deadline cleared');

/** A timer that aborts `signal` with `onExpire()` after `ms`, unless cleared first. */
export function startDeadline(ms: number, timer: Timer, onExpire: () => Error): Deadline {
  const controller = new AbortController();
  const stop = new AbortController();
  timer(ms, stop.signal).then(
    () => {
      if (!stop.signal.aborted) controller.abort(onExpire());
    },
    () => {},
  );
  return {
    signal: controller.signal,
    get expired() {
      return controller.signal.aborted;
    },
    clear: () => {
      if (!stop.signal.aborted) stop.abort(CLEARED);
    },
  };
}

/** `promise`, or a rejection with `signal.reason` as soon as the signal aborts (for models that ignore it). */
export function raceAbort<T>(promise: PromiseLike<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return Promise.resolve(promise);
  if (signal.aborted) {
    Promise.resolve(promise).catch(() => {}); // it may still fail later; nobody waits for it any more
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(promise).then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The standard error for an abort without a usable reason. */
export function abortError(reason?: unknown): Error {
  if (reason instanceof Error) return reason;
  return new DOMException('The operation was aborted.', 'AbortError');
}

export function isAbortError(error: unknown): boolean {
  return (
    (error instanceof Error || error instanceof DOMException) &&
    (error.name === 'AbortError' || error.name === 'ResponseAborted')
  );
}
