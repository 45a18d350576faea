import { and, eq, gt, isNull, or, type SQL } from 'drizzle-orm';
import type { Memory } from '../core/index.ts';
import { memories } from './schema.ts';

/** The columns a Memory is read from (never the vector or the search columns). */
export const memoryColumns = {
  id: memories.id,
  userId: memories.userId,
  petId: memories.petId,
  text: memories.text,
  category: memories.category,
  occurredAt: memories.occurredAt,
  createdAt: memories.createdAt,
  expiresAt: memories.expiresAt,
  supersededAt: memories.supersededAt,
  supersededById: memories.supersededById,
  sourceSessionId: memories.sourceSessionId,
  externalId: memories.externalId,
  embeddingModel: memories.embeddingModel,
  subject: memories.subject,
  kind: memories.kind,
  dueOn: memories.dueOn,
};

/** Picks the Memory fields out of a selected row that may carry extra columns (a score...). */
export function toMemory(row: Memory): Memory {
  return {
    id: row.id,
    userId: row.userId,
    petId: row.petId,
    text: row.text,
    category: row.category,
    occurredAt: row.occurredAt,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    supersededAt: row.supersededAt,
    supersededById: row.supersededById,
    sourceSessionId: row.sourceSessionId,
    externalId: row.externalId,
    embeddingModel: row.embeddingModel,
    subject: row.subject,
    kind: row.kind,
    dueOn: row.dueOn,
  };
}

/** Not superseded and not expired at `now`. */
export function activeAt(now: Date): SQL {
  return and(isNull(memories.supersededAt), or(isNull(memories.expiresAt), gt(memories.expiresAt, now)))!;
}

/** The owner pair, plus the active filter unless inactive memories are asked for. */
export function scope(q: { userId: string; petId: string; now: Date; includeInactive?: boolean }): SQL {
  return and(
    eq(memories.userId, q.userId),
    eq(memories.petId, q.petId),
    q.includeInactive ? undefined : activeAt(q.now),
  )!;
}
