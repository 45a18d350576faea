import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresTestDatabase } from '../../src/store/postgres-test-database.ts';

export type StoreKind = 'pglite' | 'postgres';

/** A throw-away place for one benchmark: a temporary IPET_DATA_DIR and, on PostgreSQL, a fresh database. */
export interface Scratch {
  kind: StoreKind;
  dataDir: string;
  /** The fresh database's URL (PostgreSQL only). */
  databaseUrl: string | null;
  /** Environment variables selecting this store for `loadConfig` or a child `ipet`. */
  env: Record<string, string>;
}

export async function withScratch<T>(
  kind: StoreKind,
  postgresUrl: string | null,
  fn: (scratch: Scratch) => Promise<T>,
): Promise<T> {
  if (kind === 'postgres' && !postgresUrl) throw new Error('PostgreSQL is not configured for benchmarks');
  const dataDir = await mkdtemp(join(tmpdir(), 'ipet-bench-'));
  const database = kind === 'postgres' && postgresUrl ? postgresTestDatabase(postgresUrl) : null;
  try {
    const databaseUrl = database ? await database.create() : null;
    const env: Record<string, string> = {
      IPET_DATA_DIR: dataDir,
      ...(databaseUrl ? { IPET_DATABASE_URL: databaseUrl } : {}),
    };
    return await fn({ kind, dataDir, databaseUrl, env });
  } finally {
    await database?.drop().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The stores this run covers: PGlite always, PostgreSQL when a server is configured. */
export function storeKinds(postgresUrl: string | null): StoreKind[] {
  return postgresUrl ? ['pglite', 'postgres'] : ['pglite'];
}
