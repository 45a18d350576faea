import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { type Logger, silentLogger } from '../core/index.ts';
import type { Engine } from './engine.ts';
import { heldError, tryLockDataDir } from './pglite-lock.ts';
import { findPgliteShare, startPgliteShare } from './pglite-share.ts';
import { openPostgresEngine } from './postgres-engine.ts';
import { SESSION_SETTINGS } from './session-settings.ts';

export interface PgliteEngineOptions {
  /** A `dumpDataDir()` tarball to start from (test templates). */
  loadDataDir?: Blob;
  /**
   * Serve the directory to other ipet processes over a Unix socket while this process holds it (long-running
   * processes: `ipet up`, `serve`, `worker`). See pglite-share.ts.
   */
  share?: boolean;
  logger?: Logger;
}

/**
 * Embedded PostgreSQL (WASM) in one process: a directory on disk, or `memory://` for tests. When another
 * live process holds the directory and shares it, this connects to that process instead.
 */
export async function openPgliteEngine(dataDir: string, options: PgliteEngineOptions = {}): Promise<Engine> {
  const logger = options.logger ?? silentLogger;
  let release = async () => {};
  if (dataDir !== 'memory://') {
    await mkdir(dataDir, { recursive: true });
    const lock = await tryLockDataDir(dataDir);
    if ('heldBy' in lock) return connectToShare(dataDir, lock.heldBy, logger);
    release = lock.release;
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir, {
      extensions: { vector },
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } catch (error) {
    await release();
    throw error;
  }
  // One session for the whole process (shared ones included): set once.
  for (const setting of SESSION_SETTINGS) await client.exec(setting).catch(() => {});
  if (options.share && dataDir !== 'memory://') {
    try {
      return await shareEngine(client, dataDir, release, logger);
    } catch (error) {
      await client.close().catch(() => {});
      await release();
      throw error;
    }
  }
  const db = drizzle({ client });
  return {
    kind: 'pglite',
    location: dataDir,
    db,
    async query<T extends Record<string, unknown>>(text: string, params: unknown[] = []) {
      const result = await client.query<T>(text, params);
      return result.rows;
    },
    // One connection per process: nothing to serialise.
    migrate: (migrationsFolder) => migrate(db, { migrationsFolder }),
    async close() {
      try {
        await client.close();
      } finally {
        await release();
      }
    },
    dump: () => client.dumpDataDir('gzip'),
    pglite: client,
  };
}

/** The owner's engine while it shares: every query goes through the socket server's queue. */
async function shareEngine(
  client: PGlite,
  dataDir: string,
  release: () => Promise<void>,
  logger: Logger,
): Promise<Engine> {
  const share = await startPgliteShare(client, dataDir);
  let pool: Engine;
  try {
    pool = await openPostgresEngine({ url: share.url, location: dataDir, poolSize: 8, logger });
  } catch (error) {
    await share.stop().catch(() => {});
    throw error;
  }
  return {
    ...pool,
    kind: 'pglite',
    location: dataDir,
    shareUrl: share.url,
    pglite: client,
    async close() {
      try {
        await pool.close();
        await share.stop();
        await client.close();
      } finally {
        await release();
      }
    },
    dump: () => client.dumpDataDir('gzip'),
  };
}

/** A process that finds the directory held by a live process connects to its socket, if it shares. */
async function connectToShare(dataDir: string, pid: number, logger: Logger): Promise<Engine> {
  const url = await findPgliteShare(dataDir);
  if (!url) throw heldError(dataDir, pid);
  const pool = await openPostgresEngine({ url, location: dataDir, poolSize: 4, logger });
  return {
    ...pool,
    kind: 'pglite',
    // Doctor and the logs say which running instance serves the data.
    location: `${dataDir} (served by the running ipet process ${pid})`,
    shareUrl: url,
    sharedBy: pid,
    // The owner applied the migrations when it opened the directory.
    migrate: async () => {},
  };
}
