import type { ModelPurpose, ModelUsageRecord, UsageCounter, UsageSnapshot } from '../../core/index.ts';

export type { UsageCounter, UsageSnapshot };

/** In-memory totals per purpose since start, for `/metrics`. */
export interface UsageCounters {
  add(record: ModelUsageRecord): void;
  snapshot(): UsageSnapshot;
}

export function createUsageCounters(): UsageCounters {
  const byPurpose = new Map<ModelPurpose, UsageCounter>();
  return {
    add(record) {
      let counter = byPurpose.get(record.purpose);
      if (!counter) {
        counter = {
          calls: 0,
          failures: 0,
          inputTokens: 0,
          outputTokens: 0,
          cachedInputTokens: 0,
          totalLatencyMs: 0,
        };
        byPurpose.set(record.purpose, counter);
      }
      counter.calls++;
      if (!record.ok) counter.failures++;
      counter.inputTokens += record.inputTokens;
      counter.outputTokens += record.outputTokens;
      counter.cachedInputTokens += record.cachedInputTokens;
      counter.totalLatencyMs += record.latencyMs;
    },
    snapshot() {
      const out: UsageSnapshot = {};
      for (const [purpose, counter] of byPurpose) out[purpose] = { ...counter };
      return out;
    },
  };
}
