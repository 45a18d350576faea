import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Engine } from './engine.ts';
import { lockDataDir } from './pglite-lock.ts';

/** Embedded PostgreSQL (WASM) in one process: a directory on disk, or `memory://` for tests. */
export async function openPgliteEngine(
  dataDir: string,
  options: { /** A `dumpDataDir()` tarball to start from (test templates). */ loadDataDir?: Blob } = {},
): Promise<Engine> {
  let release = async () => {};
  if (dataDir !== 'memory://') {
    await mkdir(dataDir, { recursive: true });
    release = await lockDataDir(dataDir);
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
  };
}
