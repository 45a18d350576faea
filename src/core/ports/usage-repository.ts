import type { ModelPurpose, ModelUsageRecord } from '../entities.ts';

export interface UsageSummary {
  purpose: ModelPurpose;
  calls: number;
  failures: number;
  inputTokens: number;
  outputTokens: number;
  meanLatencyMs: number;
}

export interface UsageRepository {
  record(records: ModelUsageRecord[]): Promise<void>;
  summary(filter: { since?: Date; userId?: string; petId?: string }): Promise<UsageSummary[]>;
}
