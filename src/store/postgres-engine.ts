import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Logger } from '../core/index.ts';
import { ConfigError } from '../core/index.ts';
import type { Engine } from './engine.ts';
import { SESSION_SETTINGS } from './session-settings.ts';

/** Session-level advisory lock taken around migrations, so processes starting together apply them once. */
const MIGRATION_LOCK_KEY = '7305510362184419';

function connectHint(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code;
  if (code === '3D000') return 'the database does not exist: create it (createdb) or fix IPET_DATABASE_URL';
  if (code === '28P01' || code === '28000') return 'the server refused the credentials in IPET_DATABASE_URL';
  return 'is the server running? start it (e.g. `pg_ctlcluster 15 main start`) or fix IPET_DATABASE_URL';
}

/** A PostgreSQL server through a node-postgres pool. */
export async function openPostgresEngine(options: {
  url: string;
  location: string;
  poolSize?: number | undefined;
  logger: Logger;
}): Promise<Engine> {
  const { url, location, logger } = options;
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  pool.on('error', (error) => logger.warn('postgres idle client error', { location, error }));
  // Queued before anything the pool's user sends on the new connection.
  pool.on('connect', (client) => {
    for (const setting of SESSION_SETTINGS) client.query(setting).catch(() => {});
  });
  try {
    await pool.query('select 1');
  } catch (cause) {
    await pool.end().catch(() => {});
    throw new ConfigError(`cannot connect to PostgreSQL at ${location}`, {
      cause,
      isRetryable: true,
      hint: connectHint(cause),
    });
  }
  const db = drizzle({ client: pool });
  return {
    kind: 'postgres',
    location,
    url,
    db,
    async query<T extends Record<string, unknown>>(text: string, params: unknown[] = []) {
      const result = await pool.query<T>(text, params);
      return result.rows;
    },
    async migrate(migrationsFolder) {
      // A dedicated connection: the lock and every migration statement must share one session.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          await migrate(drizzle({ client }), { migrationsFolder });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        }
      } finally {
        await client.end();
      }
    },
    close: () => pool.end(),
  };
}
