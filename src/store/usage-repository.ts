import { and, asc, eq, gte, sql } from 'drizzle-orm';
import type { ModelPurpose, UsageRepository } from '../core/index.ts';
import type { Db } from './db.ts';
import { modelUsage } from './schema.ts';

export function createUsageRepository(db: Db): UsageRepository {
  return {
    async record(records) {
      if (records.length === 0) return;
      await db.insert(modelUsage).values(records);
    },

    async summary(filter) {
      const rows = await db
        .select({
          purpose: modelUsage.purpose,
          calls: sql<number>`count(*)`.mapWith(Number),
          failures: sql<number>`count(*) filter (where not ${modelUsage.ok})`.mapWith(Number),
          inputTokens: sql<number>`coalesce(sum(${modelUsage.inputTokens}), 0)`.mapWith(Number),
          outputTokens: sql<number>`coalesce(sum(${modelUsage.outputTokens}), 0)`.mapWith(Number),
          meanLatencyMs: sql<number>`coalesce(avg(${modelUsage.latencyMs}), 0)`.mapWith(Number),
        })
        .from(modelUsage)
        .where(
          and(
            filter.since ? gte(modelUsage.at, filter.since) : undefined,
            filter.userId ? eq(modelUsage.userId, filter.userId) : undefined,
            filter.petId ? eq(modelUsage.petId, filter.petId) : undefined,
          ),
        )
        .groupBy(modelUsage.purpose)
        .orderBy(asc(modelUsage.purpose));
      return rows.map((row) => ({ ...row, purpose: row.purpose as ModelPurpose }));
    },
  };
}
