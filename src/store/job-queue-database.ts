import type { PGlite } from '@electric-sql/pglite';
import type { Store } from '../core/index.ts';
import { ConfigError } from '../core/index.ts';
import { internalsOf } from './internals.ts';

/** The database a job queue should keep its tables in, to live next to the store's data. */
export type JobQueueDatabase =
  /**
   * A PostgreSQL server, or the embedded store shared over its socket (`shared`): the queue opens
   * connections of its own. The shared socket delivers no notifications, so the queue must poll.
   */
  | { kind: 'postgres'; url: string; shared?: boolean }
  /** The embedded store held by this process: one PGlite instance, so the queue runs on it. */
  | { kind: 'pglite'; pglite: PGlite };

/**
 * Where the job queue of a store opened by `openStore` goes: the seam that lets the nightly jobs (pg-boss)
 * share the store's database without reaching into the store's internals.
 */
export function jobQueueDatabase(store: Store): JobQueueDatabase {
  const { engine } = internalsOf(store);
  // A shared embedded store: through its socket, whose queue keeps the job queue's transactions and
  // everyone else's apart (the owner too goes through it while it shares).
  if (engine.shareUrl) return { kind: 'postgres', url: engine.shareUrl, shared: true };
  if (engine.pglite) return { kind: 'pglite', pglite: engine.pglite };
  if (engine.kind === 'postgres' && engine.url) return { kind: 'postgres', url: engine.url };
  throw new ConfigError(`the job queue cannot run on the store at ${engine.location}`, {
    hint: engine.sharedBy
      ? `the embedded store is held by process ${engine.sharedBy}: run the nightly jobs there, or use PostgreSQL (IPET_DATABASE_URL)`
      : 'open the store with openStore',
  });
}
