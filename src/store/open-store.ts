import { fileURLToPath } from 'node:url';
import type { Store } from '../core/index.ts';
import { ConfigError, type Logger, silentLogger } from '../core/index.ts';
import { createStore, type ExternalShared } from './create-store.ts';
import { describeStoreConfig, type StoreConfig } from './describe-store-config.ts';
import type { Engine } from './engine.ts';
import { internalsOf, registerInternals } from './internals.ts';
import { openPgliteEngine } from './pglite-engine.ts';
import { openPostgresEngine } from './postgres-engine.ts';
import { openRedisShared, type RedisShared } from './redis-shared.ts';
import { createStatisticsKeeper } from './statistics.ts';
import { supportsIterativeScan } from './vector-version.ts';

/** How often an open store checks whether its hot tables need fresh planner statistics (a cheap query). */
const STATISTICS_CHECK_MS = 5 * 60_000;

/** The committed migrations, found next to the package rather than from the working directory. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface StoreDeps {
  logger?: Logger;
  /**
   * Keep the rate limits and `/metrics` counters in this Redis (`redis://...`), under keys starting with
   * `prefix` (default `ipet:`), instead of the database.
   */
  redis?: { url: string; prefix?: string };
}

function openEngine(config: StoreConfig, logger: Logger): Promise<Engine> {
  const location = describeStoreConfig(config);
  return config.kind === 'pglite'
    ? openPgliteEngine(config.dataDir, { ...(config.share ? { share: true } : {}), logger })
    : openPostgresEngine({ url: config.url, location, poolSize: config.poolSize, logger });
}

async function migrate(engine: Engine): Promise<void> {
  try {
    await engine.migrate(MIGRATIONS_FOLDER);
  } catch (cause) {
    const missingVector = /extension "vector"|vector\.control/.test(String((cause as Error).cause ?? cause));
    throw new ConfigError(`could not apply database migrations at ${engine.location}`, {
      cause,
      hint: missingVector
        ? 'install pgvector on this server (e.g. the postgresql-<version>-pgvector package, or the pgvector/pgvector image)'
        : 'check that the database user may create tables and extensions',
    });
  }
}

/** Opens the database, applies the committed migrations, and returns the repositories. */
export async function openStore(config: StoreConfig, deps: StoreDeps = {}): Promise<Store> {
  const logger = deps.logger ?? silentLogger;
  const started = performance.now();
  const engine = await openEngine(config, logger);
  let shared: RedisShared | undefined;
  try {
    if (deps.redis) shared = await openRedisShared({ ...deps.redis, logger });
  } catch (error) {
    await engine.close().catch(() => {});
    throw error;
  }
  const store = await prepareStore(engine, { logger, ...(shared ? { shared } : {}) });
  logger.info('store opened', {
    kind: engine.kind,
    location: engine.location,
    vectorVersion: internalsOf(store).vectorVersion,
    ms: Math.round(performance.now() - started),
  });
  return store;
}

/** Migrates an open engine and binds the repositories to it; closes the engine on failure. */
export async function prepareStore(
  engine: Engine,
  deps: StoreDeps & { shared?: ExternalShared } = {},
): Promise<Store> {
  try {
    await migrate(engine);
    const [row] = await engine.query<{ version: string }>(
      "select extversion as version from pg_extension where extname = 'vector'",
    );
    const vectorVersion = row?.version ?? '0';
    const statistics = createStatisticsKeeper(engine, {
      intervalMs: STATISTICS_CHECK_MS,
      ...(deps.logger ? { logger: deps.logger } : {}),
    });
    // Statistics are due at once when the tables were never analysed (PGlite never does it by itself).
    statistics.schedule();
    const store = createStore(
      engine,
      { iterativeScan: supportsIterativeScan(vectorVersion), efSearch: 100 },
      statistics,
      deps.shared,
    );
    registerInternals(store, { engine, vectorVersion, statistics });
    return store;
  } catch (error) {
    await deps.shared?.close().catch(() => {});
    await engine.close().catch(() => {});
    throw error;
  }
}
