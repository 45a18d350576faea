import type { CounterRepository, RateLimitRepository } from '../../core/index.ts';
import { bucketRemaining, checkBucketRate, takeFromBucket } from '../../core/index.ts';
import { counterKey, mergeDeltas, refusalFrom } from '../../store/index.ts';
import { constraintError, type Tables } from './tables.ts';

/** The rate limits as the SQL upsert keeps them (GCRA and the period quota, `core/rate-bucket.ts`). */
export function rateLimitRepository(t: Tables): RateLimitRepository {
  return {
    async take(request) {
      const rate = checkBucketRate(request.bucket);
      if (!t.users.has(request.userId)) {
        throw constraintError('limits.take', 'foreign_key', 'rate_limits', 'rate_limits_user_id_users_id_fk');
      }
      const key = `${request.scope}/${request.userId}`;
      const row = t.limits.get(key) ?? null;
      const now = request.at.getTime();
      const quota = request.quota;
      const period = quota?.period ?? null;
      const used = row && row.period === period ? row.used : 0;
      const step = takeFromBucket(row?.tat ?? null, now, rate);
      if (!step.ok || (quota?.count && used >= quota.limit)) return refusalFrom(row, request);
      const next = used + (quota?.count ? 1 : 0);
      t.limits.set(key, { userId: request.userId, tat: step.tat, period, used: next });
      return { ok: true, remaining: bucketRemaining(step.tat, now, rate), quotaUsed: quota ? next : null };
    },
  };
}

export function counterRepository(t: Tables): CounterRepository {
  return {
    async add(deltas) {
      for (const d of mergeDeltas(deltas)) {
        const key = counterKey(d.name, d.labels);
        const entry = t.counters.get(key);
        t.counters.set(key, { name: d.name, labels: { ...d.labels }, value: (entry?.value ?? 0) + d.value });
      }
    },
    async totals() {
      return [...t.counters.values()].map((c) => ({ ...c, labels: { ...c.labels } }));
    },
  };
}
