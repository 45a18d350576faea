import { and, eq, type SQL, sql } from 'drizzle-orm';
import {
  bucketRemaining,
  checkBucketRate,
  emissionIntervalMs,
  type RateLimitOutcome,
  type RateLimitRepository,
  type RateLimitTake,
} from '../core/index.ts';
import type { Db } from './db.ts';
import { rateLimits } from './schema.ts';

/**
 * The take as a data-modifying CTE named `taken` (one row when admitted, none when refused): an upsert that
 * applies GCRA (`core/rate-bucket.ts`) and the period quota under the row lock, so concurrent takes from
 * any number of processes are serialised per user. `beginTurn` writes the turn's rows only when `taken`
 * has a row, in the same statement.
 */
export function takenCte(request: RateLimitTake): SQL {
  const rate = checkBucketRate(request.bucket);
  const interval = emissionIntervalMs(rate);
  const now = request.at.getTime();
  const quota = request.quota;
  const period = quota?.period ?? null;
  const limit = quota?.limit ?? null;
  const counted = quota?.count ? 1 : 0;
  return sql`taken as (insert into rate_limits as r (scope, user_id, tat, period, used)
    values (${request.scope}, ${request.userId}, ${now + interval}::float8, ${period}::text, ${counted}::int)
    on conflict (scope, user_id) do update set
      tat = greatest(r.tat + ${interval}::float8, excluded.tat),
      period = excluded.period,
      used = case when r.period is not distinct from excluded.period then r.used else 0 end + excluded.used
    where greatest(r.tat + ${interval}::float8, excluded.tat) - ${now}::float8 <= ${rate.capacity * interval}::float8
      and (excluded.used = 0 or ${limit}::int is null or r.period is distinct from excluded.period
        or r.used < ${limit}::int)
    returning tat, used)`;
}

/** Why a take was refused, from the row as it is now (read after the refusal, off the hot path). */
export async function refusalOf(
  db: Db,
  request: RateLimitTake,
): Promise<Extract<RateLimitOutcome, { ok: false }>> {
  const [row] = await db
    .select({ tat: rateLimits.tat, period: rateLimits.period, used: rateLimits.used })
    .from(rateLimits)
    .where(and(eq(rateLimits.scope, request.scope), eq(rateLimits.userId, request.userId)));
  return refusalFrom(row ?? null, request);
}

/** The refusal a stored bucket state explains (shared with the Redis store). */
export function refusalFrom(
  row: { tat: number; period: string | null; used: number } | null,
  request: RateLimitTake,
): Extract<RateLimitOutcome, { ok: false }> {
  const { quota } = request;
  if (quota?.count && row && row.period === quota.period && row.used >= quota.limit) {
    return { ok: false, refusedBy: 'quota', retryAfterMs: 0 };
  }
  const interval = emissionIntervalMs(request.bucket);
  const now = request.at.getTime();
  const ahead = Math.max(row?.tat ?? now, now) + interval - now - request.bucket.capacity * interval;
  // A concurrent take can have refused this one and been undone since: wait one interval then.
  return { ok: false, refusedBy: 'bucket', retryAfterMs: Math.ceil(ahead > 0 ? ahead : interval) };
}

export function createRateLimitRepository(db: Db): RateLimitRepository {
  return {
    async take(request) {
      const result = await db.execute<{ tat: number; used: number }>(
        sql`with ${takenCte(request)} select tat, used from taken`,
      );
      const row = (result as unknown as { rows?: Array<{ tat: number; used: number }> }).rows?.[0];
      if (!row) return refusalOf(db, request);
      const tat = Number(row.tat);
      return {
        ok: true,
        remaining: bucketRemaining(tat, request.at.getTime(), request.bucket),
        quotaUsed: request.quota ? Number(row.used) : null,
      };
    },
  };
}
