import type { Store } from '../../core/index.ts';
import { internalsOf } from '../internals.ts';

/** What the contract needs to see of an engine beyond the ports. */
export interface StoreProbe {
  /** How many rows of each table contain `needle` anywhere (the whole row as text). */
  rowsContaining(store: Store, needle: string): Promise<Record<string, number>>;
  /** PostgreSQL underneath (PGlite or a server): the contract also checks the SQL (index plans, scan settings). */
  readonly sql: boolean;
}

/** The probe of the SQL engines: reads the tables of the public schema. */
export const sqlProbe: StoreProbe = {
  sql: true,
  async rowsContaining(store, needle) {
    const { engine } = internalsOf(store);
    const tables = await engine.query<{ name: string }>(
      "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      const quoted = `"${name.replaceAll('"', '""')}"`;
      const [row] = await engine.query<{ n: number }>(
        `select count(*)::int as n from ${quoted} as r where strpos(r::text, $1) > 0`,
        [needle],
      );
      counts[name] = row?.n ?? 0;
    }
    return counts;
  },
};
