import type { Store } from '../../src/core/ports/index.ts';

export interface CallTotals {
  calls: number;
  ms: number;
}

/**
 * Wraps every repository method of `store` in place to add up calls and time per method, for a
 * where-does-the-time-go breakdown. Calls made concurrently are each counted in full, so the sum can exceed
 * the wall time. `restore` puts the original methods back.
 */
export function instrumentStore(store: Store): { totals: Map<string, CallTotals>; restore(): void } {
  const totals = new Map<string, CallTotals>();
  const undo: Array<() => void> = [];
  for (const [repoName, repo] of Object.entries(store)) {
    if (!repo || typeof repo !== 'object') continue;
    const methods = repo as Record<string, unknown>;
    for (const [name, original] of Object.entries(methods)) {
      if (typeof original !== 'function') continue;
      const key = `${repoName}.${name}`;
      methods[name] = async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await original.apply(repo, args);
        } finally {
          const entry = totals.get(key) ?? { calls: 0, ms: 0 };
          entry.calls++;
          entry.ms += performance.now() - started;
          totals.set(key, entry);
        }
      };
      undo.push(() => {
        methods[name] = original;
      });
    }
  }
  return {
    totals,
    restore() {
      for (const fn of undo) fn();
    },
  };
}
