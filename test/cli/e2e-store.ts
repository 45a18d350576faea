import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Store } from '../../src/core/ports/store.ts';
import { openStore } from '../../src/store/index.ts';
import { postgresTestDatabase } from '../../src/store/postgres-test-database.ts';

export const skipPostgres = process.env.IPET_SKIP_POSTGRES === '1';
export const adminUrl = process.env.IPET_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** One CLI end-to-end suite's data: a fresh data directory and, on PostgreSQL, a fresh database. */
export interface E2eStore {
  /** The data directory (the embedded store lives in `db/` under it). */
  readonly dataDir: string;
  /** The environment for `runCli`: the model variables, `IPET_DATA_DIR` and, on PostgreSQL, `IPET_DATABASE_URL`. */
  readonly env: Record<string, string>;
  /** Opens the suite's store directly (to check what the binary wrote), closes it after `fn`. */
  withStore<T>(fn: (store: Store) => Promise<T>): Promise<T>;
}

/**
 * Registers the `beforeAll` / `afterAll` hooks that create and remove the suite's data directory (and
 * PostgreSQL database); call it inside the suite's `describe`. `modelEnv` is read in the `beforeAll`, so it
 * may use values other hooks set before it (the simulator's URL).
 */
export function useE2eStore(
  kind: 'pglite' | 'postgres',
  options: { skip: boolean; prefix: string; modelEnv: () => Record<string, string> },
): E2eStore {
  const pg = postgresTestDatabase(adminUrl);
  let dataDir = '';
  let dbUrl: string | undefined;
  let env: Record<string, string> = {};

  beforeAll(async () => {
    if (options.skip) return;
    dataDir = await mkdtemp(join(tmpdir(), options.prefix));
    if (kind === 'postgres') dbUrl = await pg.create();
    env = {
      IPET_DATA_DIR: dataDir,
      ...options.modelEnv(),
      ...(dbUrl ? { IPET_DATABASE_URL: dbUrl } : {}),
    };
  }, 120_000);

  afterAll(async () => {
    if (options.skip) return;
    await pg.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  return {
    get dataDir() {
      return dataDir;
    },
    get env() {
      return env;
    },
    async withStore(fn) {
      const store = await openStore(
        dbUrl ? { kind: 'postgres', url: dbUrl } : { kind: 'pglite', dataDir: join(dataDir, 'db') },
      );
      try {
        return await fn(store);
      } finally {
        await store.close();
      }
    },
  };
}
