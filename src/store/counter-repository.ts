import { sql } from 'drizzle-orm';
import type { CounterRepository, CounterSample } from '../core/index.ts';
import type { Db } from './db.ts';
import { metricCounters } from './schema.ts';

/** A counter's identity, independent of label order (labels sorted by name). */
export function counterKey(name: string, labels: Readonly<Record<string, string>>): string {
  return JSON.stringify([name, Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
}

/** Deltas summed per counter and sorted, so one upsert touches each row once, in one order everywhere. */
export function mergeDeltas(deltas: readonly CounterSample[]): CounterSample[] {
  const merged = new Map<string, CounterSample>();
  for (const d of deltas) {
    if (!Number.isFinite(d.value) || d.value === 0) continue;
    const key = counterKey(d.name, d.labels);
    const entry = merged.get(key);
    if (entry) entry.value += d.value;
    else merged.set(key, { name: d.name, labels: { ...d.labels }, value: d.value });
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d);
}

export function createCounterRepository(db: Db): CounterRepository {
  return {
    async add(deltas) {
      const rows = mergeDeltas(deltas);
      if (rows.length === 0) return;
      await db
        .insert(metricCounters)
        .values(rows)
        .onConflictDoUpdate({
          target: [metricCounters.name, metricCounters.labels],
          set: { value: sql`${metricCounters.value} + excluded.value` },
        });
    },
    async totals() {
      const rows = await db.select().from(metricCounters);
      return rows.map((r) => ({ name: r.name, labels: r.labels, value: Number(r.value) }));
    },
  };
}
