import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../core/index.ts';
import type { Engine } from './engine.ts';
import { createStatisticsKeeper, type HotTable } from './statistics.ts';

interface Size {
  tuples: number;
  pages: number;
  currentPages: number;
}

/** An engine that answers the size query from `sizes` and records every statement. */
function recordingEngine(sizes: Partial<Record<HotTable, Size>>) {
  const statements: string[] = [];
  const engine = {
    async query(text: string, params: unknown[] = []) {
      statements.push(text);
      if (text.includes('pg_relation_size')) {
        const tables = params[0] as HotTable[];
        return tables.flatMap((table) => {
          const size = sizes[table];
          return size ? [{ table, ...size }] : [];
        });
      }
      return [];
    },
  } as unknown as Engine;
  const analyses = () => statements.filter((s) => s.startsWith('analyze'));
  return { engine, statements, analyses, sizes };
}

describe('statistics keeper', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('analyses a table once its writes reach 50 rows plus 10%, debounced into one ANALYZE', async () => {
    vi.useFakeTimers();
    const db = recordingEngine({ memories: { tuples: 1_000, pages: 100, currentPages: 100 } });
    const keeper = createStatisticsKeeper(db.engine, { debounceMs: 1_000 });
    // The first check learns the table's size.
    await keeper.refresh(['memories']);
    expect(db.analyses()).toEqual([]);

    keeper.noteWrites('memories', 100); // below 50 + 10% of 1,000
    await vi.advanceTimersByTimeAsync(5_000);
    expect(db.analyses()).toEqual([]);

    keeper.noteWrites('memories', 30);
    keeper.noteWrites('memories', 30); // 160 rows: stale; the writes of the next second share one ANALYZE
    await vi.advanceTimersByTimeAsync(500);
    expect(db.analyses()).toEqual([]); // not on the writer's path: a moment later
    keeper.noteWrites('memories', 500);
    await vi.advanceTimersByTimeAsync(600);
    expect(db.analyses()).toEqual(['analyze "memories"']);
    expect(db.statements.some((s) => s.includes('gin_clean_pending_list'))).toBe(true);

    // Counted again from zero after the ANALYZE.
    keeper.noteWrites('memories', 100);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(db.analyses()).toHaveLength(1);
    await keeper.close();
  });

  it('analyses tables never analysed or grown by 10% on disk (writes of other processes)', async () => {
    const db = recordingEngine({
      memories: { tuples: -1, pages: 0, currentPages: 3 },
      messages: { tuples: 5_000, pages: 100, currentPages: 105 },
      chat_sessions: { tuples: 200, pages: 10, currentPages: 20 },
    });
    const keeper = createStatisticsKeeper(db.engine);
    expect(await keeper.refresh()).toEqual(['memories', 'chat_sessions']);
    expect(db.analyses()).toEqual(['analyze "memories", "chat_sessions"']);
    expect(await keeper.refresh(['messages'], { force: true })).toEqual(['messages']);
    await keeper.close();
  });

  it('runs a scheduled check at close, and checks on its interval', async () => {
    vi.useFakeTimers();
    const db = recordingEngine({ memories: { tuples: -1, pages: 0, currentPages: 1 } });
    const keeper = createStatisticsKeeper(db.engine, { debounceMs: 60_000, intervalMs: 600_000 });
    keeper.schedule(['memories']);
    await keeper.close();
    expect(db.analyses()).toEqual(['analyze "memories"']);

    const periodic = recordingEngine({ messages: { tuples: -1, pages: 0, currentPages: 1 } });
    const second = createStatisticsKeeper(periodic.engine, { debounceMs: 10, intervalMs: 600_000 });
    await vi.advanceTimersByTimeAsync(599_000);
    expect(periodic.statements).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(periodic.analyses()).toEqual(['analyze "messages"']);
    await second.close();
  });

  it('still analyses when the GIN pending lists cannot be merged (not the tables owner)', async () => {
    const db = recordingEngine({ memories: { tuples: -1, pages: 0, currentPages: 2 } });
    const query = db.engine.query.bind(db.engine);
    const engine = {
      query: (text: string, params?: unknown[]) =>
        text.includes('gin_clean_pending_list')
          ? Promise.reject(new Error('must be owner of index memories_search_idx'))
          : query(text, params),
    } as unknown as Engine;
    const keeper = createStatisticsKeeper(engine);
    expect(await keeper.refresh(['memories'])).toEqual(['memories']);
    expect(db.analyses()).toEqual(['analyze "memories"']);
    await keeper.close();
  });

  it('logs a failed ANALYZE instead of failing callers', async () => {
    const warn = vi.fn();
    const engine = {
      async query() {
        throw new Error('store closed');
      },
    } as unknown as Engine;
    const logger: Logger = { debug() {}, info() {}, warn, error() {} };
    const keeper = createStatisticsKeeper(engine, { logger });
    keeper.schedule();
    await keeper.settled();
    expect(warn).toHaveBeenCalledWith('could not refresh planner statistics', expect.anything());
    await keeper.close();
  });
});
