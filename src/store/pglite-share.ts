import { existsSync } from 'node:fs';
import { chmod, mkdir, rm } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';

/**
 * Sharing the embedded store between processes. PGlite is one connection inside one process, so the
 * long-running process (`ipet up`, `serve`, `worker`) that opens the directory serves it over the
 * PostgreSQL wire protocol on a Unix socket beside the data directory (`<dataDir>.run/.s.PGSQL.5432`,
 * readable by the owner only: the socket has no password), and every other ipet process - a CLI command
 * run meanwhile - connects to that socket as to a PostgreSQL server. The owner itself also talks to its
 * database through the socket while it shares, because the socket server's queue is what keeps one
 * client's transaction from interleaving with another's.
 */

/** The port number only names the socket file (`.s.PGSQL.<port>`), as PostgreSQL's own sockets do. */
const SOCKET_PORT = 5432;
/** Clients of one shared store: the owner's pool, its job queue, and CLI commands run meanwhile. */
const MAX_CONNECTIONS = 64;

export function shareSocketDir(dataDir: string): string {
  return `${dataDir}.run`;
}

function socketPath(dataDir: string): string {
  return `${shareSocketDir(dataDir)}/.s.PGSQL.${SOCKET_PORT}`;
}

/** A node-postgres connection string for the shared store's socket. */
export function shareConnectionString(dataDir: string): string {
  const host = encodeURIComponent(shareSocketDir(dataDir));
  return `postgres://postgres@localhost:${SOCKET_PORT}/postgres?host=${host}`;
}

export interface PgliteShare {
  url: string;
  stop(): Promise<void>;
}

/** Serves an open PGlite instance on the data directory's socket. The caller holds the directory lock. */
export async function startPgliteShare(client: PGlite, dataDir: string): Promise<PgliteShare> {
  const dir = shareSocketDir(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  // A socket file left by a process that died: we hold the lock, so nobody else serves it.
  await rm(socketPath(dataDir), { force: true });
  const server = new PGLiteSocketServer({
    db: client,
    path: socketPath(dataDir),
    maxConnections: MAX_CONNECTIONS,
  });
  await server.start();
  return {
    url: shareConnectionString(dataDir),
    async stop() {
      await server.stop();
      await rm(socketPath(dataDir), { force: true });
    },
  };
}

/**
 * The connection string of a store another live process is sharing, or null when nobody answers on its
 * socket (no socket file, or a stale one).
 */
export async function findPgliteShare(dataDir: string, timeoutMs = 3_000): Promise<string | null> {
  if (!existsSync(socketPath(dataDir))) return null;
  const url = shareConnectionString(dataDir);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('select 1');
    return url;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}
