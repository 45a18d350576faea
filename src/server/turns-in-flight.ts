/**
 * The chat turns this server is running, so that a shutdown can let them finish: it stops taking requests,
 * waits for the turns in flight up to a grace period, then aborts the ones still running (each ends with an
 * `error` part and its reply stored as failed, resumable with the same idempotency key) and waits until
 * they have written that - only then may the store close.
 */
export interface TurnsInFlight {
  /** Registers a turn; call the returned function when it has settled (finished, failed or aborted). */
  add(abort: () => void): () => void;
  readonly size: number;
  /**
   * Resolves once no turn is in flight, or after `graceMs` with the rest aborted and settled (at most
   * `settleMs` more). `sleep` is the wait (a seam for tests).
   */
  drain(options: { graceMs: number; settleMs?: number; sleep?: (ms: number) => Promise<void> }): Promise<{
    finished: number;
    aborted: number;
  }>;
}

export function createTurnsInFlight(): TurnsInFlight {
  const turns = new Map<number, { abort: () => void; settled: Promise<void> }>();
  let next = 0;
  const allSettled = () => Promise.all([...turns.values()].map((t) => t.settled)).then(() => {});

  return {
    add(abort) {
      const id = next++;
      let settle = () => {};
      const settled = new Promise<void>((resolve) => {
        settle = resolve;
      });
      turns.set(id, { abort, settled });
      return () => {
        turns.delete(id);
        settle();
      };
    },
    get size() {
      return turns.size;
    },
    async drain({ graceMs, settleMs = 2_000, sleep = defaultSleep }) {
      const started = turns.size;
      if (started === 0) return { finished: 0, aborted: 0 };
      const timeUp = Symbol('time up');
      const waitFor = async (ms: number) => {
        // Turns added while draining (none: the server refuses new requests by then) are waited for too.
        while (turns.size > 0) {
          const outcome = await Promise.race([allSettled(), sleep(ms).then(() => timeUp)]);
          if (outcome === timeUp) return false;
        }
        return true;
      };
      if (await waitFor(graceMs)) return { finished: started, aborted: 0 };
      const cut = [...turns.values()];
      for (const turn of cut) turn.abort();
      await waitFor(settleMs);
      return { finished: started - cut.length, aborted: cut.length };
    },
  };
}

const defaultSleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });
