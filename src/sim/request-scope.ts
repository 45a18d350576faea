/**
 * The life of one HTTP exchange: its timers and clean-ups. Closing the scope (client gone, answer done,
 * simulator closing) clears every timer and runs every clean-up once, so nothing leaks.
 */
export interface RequestScope {
  readonly closed: boolean;
  /** Resolves true after `ms`, or false as soon as the scope closes. One timer at a time per scope. */
  sleep(ms: number): Promise<boolean>;
  onClose(cleanup: () => void): void;
  close(): void;
}

export function createRequestScope(): RequestScope {
  let closed = false;
  const cleanups: Array<() => void> = [];
  return {
    get closed() {
      return closed;
    },
    sleep(ms) {
      if (closed) return Promise.resolve(false);
      if (!(ms > 0)) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const wake = () => resolve(false);
        const timer = setTimeout(() => {
          const i = cleanups.indexOf(cancel);
          if (i >= 0) cleanups.splice(i, 1);
          resolve(!closed);
        }, ms);
        const cancel = () => {
          clearTimeout(timer);
          wake();
        };
        cleanups.push(cancel);
      });
    },
    onClose(cleanup) {
      if (closed) cleanup();
      else cleanups.push(cleanup);
    },
    close() {
      if (closed) return;
      closed = true;
      for (const cleanup of cleanups.splice(0)) {
        try {
          cleanup();
        } catch {
          // A failing clean-up must not keep the others from running.
        }
      }
    },
  };
}
