import { type Logger, silentLogger } from '../core/index.ts';
import type { Engine } from './engine.ts';

/**
 * Keeps the planner's statistics of the hot-path tables current. PGlite never runs autovacuum, and a
 * PostgreSQL server may have it off; without statistics the planner guesses that a (user, pet) pair holds a
 * handful of rows, prefers the pair's btree plus a sort to the model's HNSW index, and then compares every
 * vector of the pair. So the store runs ANALYZE itself, the way autovacuum would decide to (a table is stale
 * once the rows written since its last ANALYZE reach 50 + 10% of its rows, or it grew by that much):
 * - after bulk loads and index builds, a moment later (one ANALYZE for a burst of batches);
 * - after enough ordinary writes by this process, likewise in the background;
 * - every `intervalMs`, from the tables' sizes on disk (writes by other processes too);
 * - at `close`, when one is still due (a one-shot `ipet memories import` leaves analysed tables).
 * Nothing here runs on a request's path: callers note writes (a counter) and go on.
 */

/** Tables whose plans matter on a chat turn. */
export const HOT_TABLES = ['memories', 'messages', 'chat_sessions'] as const;
export type HotTable = (typeof HOT_TABLES)[number];

export interface StatisticsOptions {
  /** Delay between the first write that makes a table stale and its ANALYZE (writes meanwhile share it). */
  debounceMs?: number;
  /** How often to check the tables' sizes for writes of other processes; null: never. */
  intervalMs?: number | null;
  logger?: Logger;
}

export interface StatisticsKeeper {
  /** `rows` rows of `table` were written by this process; schedules an ANALYZE once the table is stale. */
  noteWrites(table: HotTable, rows: number): void;
  /** Schedules a check of these tables (after a bulk load or an index build): ANALYZE the stale ones. */
  schedule(tables?: readonly HotTable[]): void;
  /** Checks now and analyses the stale tables (all of `tables` with `force`); returns those analysed. */
  refresh(tables?: readonly HotTable[], options?: { force?: boolean }): Promise<HotTable[]>;
  /** Runs a scheduled check now and resolves when nothing is scheduled or running. */
  settled(): Promise<void>;
  /** Stops the timers after running what is still scheduled. */
  close(): Promise<void>;
}

/** Autovacuum's defaults for ANALYZE: 50 rows plus 10% of the table. */
const BASE_ROWS = 50;
const FRACTION = 0.1;

interface TableSize {
  table: HotTable;
  /** Rows at the last ANALYZE (or index build); -1: never analysed. */
  tuples: number;
  /** Pages at the last ANALYZE. */
  pages: number;
  /** Pages now. */
  currentPages: number;
}

const SIZES_SQL = `select c.relname as "table", c.reltuples::float8 as tuples, c.relpages::int as pages,
    (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as "currentPages"
  from pg_class c where c.relkind = 'r' and pg_table_is_visible(c.oid) and c.relname = any($1::text[])`;

const GIN_CLEAN_SQL = `select gin_clean_pending_list(i.indexrelid) from pg_index i
  join pg_class ic on ic.oid = i.indexrelid join pg_am am on am.oid = ic.relam
  join pg_class t on t.oid = i.indrelid
  where am.amname = 'gin' and pg_table_is_visible(t.oid) and t.relname = any($1::text[])`;

export function createStatisticsKeeper(engine: Engine, options: StatisticsOptions = {}): StatisticsKeeper {
  const logger = options.logger ?? silentLogger;
  const debounceMs = options.debounceMs ?? 1_000;
  /** Rows written by this process since each table's last ANALYZE here. */
  const written = new Map<HotTable, number>();
  /** Rows each table had at its last check (0 until the first one). */
  const known = new Map<HotTable, number>();
  const due = new Set<HotTable>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let closed = false;

  const isStale = (size: TableSize) => {
    const rows = Math.max(0, size.tuples);
    const limit = BASE_ROWS + FRACTION * rows;
    if ((written.get(size.table) ?? 0) >= limit) return true;
    if (size.currentPages === 0) return false;
    // Never analysed, or grown by the same share since (in pages: other processes' writes count too).
    return size.tuples < 0 || size.currentPages > size.pages * (1 + FRACTION) + 1;
  };

  const check = async (tables: readonly HotTable[], force: boolean): Promise<HotTable[]> => {
    const sizes = await engine.query<TableSize & Record<string, unknown>>(SIZES_SQL, [[...tables]]);
    for (const size of sizes) known.set(size.table, Math.max(0, size.tuples));
    const stale = force ? [...tables] : sizes.filter(isStale).map((s) => s.table);
    if (stale.length === 0) return [];
    const before = new Map(stale.map((t) => [t, written.get(t) ?? 0] as const));
    const started = performance.now();
    // GIN indexes collect new entries in a pending list that only VACUUM (never run by PGlite) merges; the
    // planner counts that list as a full scan and turns to a sequential one. Merge it, then analyse.
    await engine.query(GIN_CLEAN_SQL, [stale]).catch((error: unknown) => {
      // Only the owner may merge (a server where ipet's user does not own the tables): ANALYZE still helps.
      logger.debug('could not merge GIN pending lists', { error });
    });
    await engine.query(`analyze ${stale.map((t) => `"${t}"`).join(', ')}`);
    for (const table of stale) written.set(table, (written.get(table) ?? 0) - (before.get(table) ?? 0));
    logger.debug('planner statistics refreshed', {
      tables: stale,
      ms: Math.round(performance.now() - started),
    });
    return stale;
  };

  /** One check at a time, in order. */
  const enqueue = (tables: readonly HotTable[], force: boolean): Promise<HotTable[]> => {
    const next = running.then(() => check(tables, force));
    running = next.catch((error: unknown) => {
      // Statistics are an optimisation: a failure (the store closing, a lock) is logged, never thrown at callers.
      logger.warn('could not refresh planner statistics', { error });
    });
    return next;
  };

  const runDue = (): Promise<unknown> => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (due.size === 0) return running;
    const tables = [...due];
    due.clear();
    return enqueue(tables, false).catch(() => {});
  };

  const schedule = (tables: readonly HotTable[] = HOT_TABLES) => {
    if (closed) return;
    for (const table of tables) due.add(table);
    if (!timer) {
      timer = setTimeout(() => void runDue(), debounceMs);
      timer.unref?.();
    }
  };

  const interval =
    options.intervalMs === null || options.intervalMs === undefined
      ? null
      : setInterval(() => schedule(HOT_TABLES), options.intervalMs);
  interval?.unref?.();

  return {
    noteWrites(table, rows) {
      if (rows <= 0) return;
      const total = (written.get(table) ?? 0) + rows;
      written.set(table, total);
      if (total >= BASE_ROWS + FRACTION * (known.get(table) ?? 0)) schedule([table]);
    },
    schedule,
    refresh: (tables = HOT_TABLES, opts = {}) => enqueue(tables, opts.force ?? false),
    async settled() {
      await runDue();
      await running;
    },
    async close() {
      if (interval) clearInterval(interval);
      await runDue();
      await running;
      closed = true;
    },
  };
}
