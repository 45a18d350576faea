import type { Memory, MemoryCategory, MemoryKind, MemoryRepository, MemorySubject } from '../core/index.ts';
import { NotFoundError } from '../core/index.ts';

/**
 * What the user can see and do with their memories. Every call is scoped by `userId`: a user never lists,
 * exports or deletes another user's memories, whatever ids they pass.
 */

export async function listMemories(
  deps: { memories: Pick<MemoryRepository, 'list'> },
  req: {
    userId: string;
    petId?: string;
    now: Date;
    includeInactive?: boolean;
    categories?: MemoryCategory[];
    /** Only the memories about the user, or only the pet's own (what it did and said); default both. */
    subject?: MemorySubject;
  },
): Promise<Memory[]> {
  return deps.memories.list(req);
}

export type MemoryStatus = 'active' | 'superseded' | 'expired';

/**
 * One exported memory: everything stored about it except its vector. Dates are ISO 8601 strings. The pet's
 * own memories of the pair (`subject: 'pet'`) are the user's data too: exported and erased with theirs.
 */
export interface MemoryRecord {
  id: string;
  petId: string;
  text: string;
  category: MemoryCategory;
  subject: MemorySubject;
  kind: MemoryKind | null;
  dueOn: string | null;
  status: MemoryStatus;
  occurredAt: string;
  createdAt: string;
  expiresAt: string | null;
  supersededAt: string | null;
  supersededById: string | null;
  sourceSessionId: string | null;
  externalId: string | null;
  embeddingModel: string | null;
}

/** The complete history, superseded and expired-but-not-yet-swept memories included, oldest first. */
export async function exportMemories(
  deps: { memories: Pick<MemoryRepository, 'list'> },
  req: { userId: string; petId?: string; now: Date },
): Promise<MemoryRecord[]> {
  const all = await deps.memories.list({ ...req, includeInactive: true });
  return all
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
    .map((m) => toRecord(m, req.now));
}

export function memoryStatus(memory: Memory, now: Date): MemoryStatus {
  if (memory.supersededAt !== null) return 'superseded';
  if (memory.expiresAt !== null && memory.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

function toRecord(m: Memory, now: Date): MemoryRecord {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: m.id,
    petId: m.petId,
    text: m.text,
    category: m.category,
    subject: m.subject,
    kind: m.kind,
    dueOn: m.dueOn,
    status: memoryStatus(m, now),
    occurredAt: m.occurredAt.toISOString(),
    createdAt: m.createdAt.toISOString(),
    expiresAt: iso(m.expiresAt),
    supersededAt: iso(m.supersededAt),
    supersededById: m.supersededById,
    sourceSessionId: m.sourceSessionId,
    externalId: m.externalId,
    embeddingModel: m.embeddingModel,
  };
}

/** Deletes one memory of the user; NotFoundError when it does not exist or is not theirs. */
export async function deleteMemory(
  deps: { memories: Pick<MemoryRepository, 'deleteOne'> },
  req: { userId: string; id: string },
): Promise<void> {
  if (!(await deps.memories.deleteOne(req.userId, req.id))) throw new NotFoundError('memory', req.id);
}

/** Deletes all of the user's memories, or only those about one pet. */
export async function deleteAllMemories(
  deps: { memories: Pick<MemoryRepository, 'deleteAll'> },
  req: { userId: string; petId?: string },
): Promise<{ deleted: number }> {
  return { deleted: await deps.memories.deleteAll(req.userId, req.petId) };
}
