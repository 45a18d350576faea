import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** The drizzle database both engines (PGlite, node-postgres) provide; repositories are written against it. */
export type Db = PgDatabase<PgQueryResultHKT>;

interface PgErrorFields {
  code?: unknown;
  constraint?: unknown;
}

/** The PostgreSQL error under drizzle's wrapper (DrizzleQueryError puts the driver error in `cause`). */
function pgError(error: unknown): PgErrorFields | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Object; depth++) {
    const fields = current as PgErrorFields & { cause?: unknown };
    if (typeof fields.code === 'string' && /^[0-9A-Z]{5}$/.test(fields.code)) return fields;
    current = fields.cause;
  }
  return null;
}

/** SQLSTATE 23505; when `constraint` is given, only a violation of that constraint or unique index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = pgError(error);
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

/** SQLSTATE 23503: a referenced row does not exist. */
export function isForeignKeyViolation(error: unknown): boolean {
  return pgError(error)?.code === '23503';
}
