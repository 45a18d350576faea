import type { PGlite } from '@electric-sql/pglite';
import type { Db } from './db.ts';

/** An open database: the drizzle handle the repositories use, plus raw access for set-up and tests. */
export interface Engine {
  readonly kind: 'pglite' | 'postgres';
  readonly location: string;
  /** PostgreSQL (also through a PGlite share): the connection string, for clients that need their own. */
  readonly url?: string;
  readonly db: Db;
  /** Runs one SQL statement with positional parameters (`$1`...). Never build `text` from user input. */
  query<T extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Applies the committed migrations (serialised across processes where that matters). */
  migrate(migrationsFolder: string): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a tarball, to clone the database quickly. */
  dump?(): Promise<Blob>;
  /** PGlite shared over a Unix socket: the node-postgres connection string of that socket. */
  shareUrl?: string;
  /** Set when this process connects to a store another process (this pid) holds and shares. */
  sharedBy?: number;
  /** PGlite held by this process: the instance itself (the job queue runs inside it). */
  pglite?: PGlite;
}
