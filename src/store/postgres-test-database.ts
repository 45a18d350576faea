import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A throw-away database on a PostgreSQL server, for integration tests: `create()` makes
 * `ipet_test_<random>` through the admin URL and returns its URL; `drop()` removes it.
 */
export function postgresTestDatabase(adminUrl: string) {
  const name = `ipet_test_${randomBytes(6).toString('hex')}`;
  let created = false;

  async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: adminUrl });
    try {
      await client.connect();
    } catch (cause) {
      const where = new URL(adminUrl).host;
      throw new Error(
        `PostgreSQL is not reachable at ${where} (${(cause as Error).message}). Start it ` +
          '(`pg_ctlcluster 15 main start`, or `docker run -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust ' +
          'pgvector/pgvector:pg17`), point IPET_TEST_DATABASE_URL at a server with pgvector, or set ' +
          'IPET_SKIP_POSTGRES=1 to skip these tests.',
        { cause },
      );
    }
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  return {
    name,
    async create(): Promise<string> {
      await admin((client) => client.query(`create database "${name}"`));
      created = true;
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async drop(): Promise<void> {
      if (!created) return;
      await admin((client) => client.query(`drop database if exists "${name}" with (force)`));
      created = false;
    },
  };
}
