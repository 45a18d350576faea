import type { PGliteLike } from 'pg-boss';
import type { Store } from '../core/index.ts';
import { internalsOf } from '../store/index.ts';

/**
 * The PGlite instance behind an embedded store, so that pg-boss runs in the same database (PGlite is one
 * connection in one process: a second instance cannot open the directory). The store exposes no such
 * handle on its port, so this reaches into its internals, in this one place; a `Store.jobsDatabase()`
 * seam would replace it.
 */
export function pgliteOf(store: Store): PGliteLike {
  const db = internalsOf(store).engine.db as unknown as { $client?: PGliteLike };
  if (store.kind !== 'pglite' || !db.$client) throw new Error(`store at ${store.location} is not PGlite`);
  return db.$client;
}
