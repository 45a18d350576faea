import type { ChatSession, IdGenerator, Memory } from '../core/index.ts';
import { isPrivilegedWrite, normalizeForScreening } from './privileged-write.ts';
import { type ExtractedMemory, MAX_ENTRIES_PER_SESSION } from './prompts/extract.v1.schema.ts';
import { DEFAULT_RETENTION, expiryFor, laterExpiry, type RetentionPolicy } from './retention.ts';
import { resolveWhen } from './when.ts';

export { MAX_ENTRIES_PER_SESSION };

export interface Refresh {
  id: string;
  occurredAt: Date;
  expiresAt: Date | null;
  fallback: Memory;
}

export interface ExtractionPlan {
  /** New memories (those that contradict an old one included). */
  inserts: Memory[];
  /** Old memories replaced by a contradicting new one: superseded, kept in history. */
  supersedes: Array<{ id: string; byId: string }>;
  /**
   * Existing memories restated in the session: one row kept, its time and expiry refreshed. `fallback` is the
   * entry as a new memory, stored instead if the old row vanished (deleted, swept) before the write.
   */
  refreshes: Refresh[];
  /** Entries dropped by the privileged-write filter (instructions, role changes, prompt text). */
  rejected: number;
  /** Empty entries, repeats within the answer, entries beyond the cap. */
  ignored: number;
}

/**
 * Turns the model's entries into store changes. Pure. Unknown or missing refs degrade to `add` (never lose the
 * new fact); an `add` whose text equals an existing memory is treated as its duplicate; the first
 * contradiction of a memory supersedes it, later ones are simply added.
 */
export function planExtraction(input: {
  entries: ExtractedMemory[];
  refs: ReadonlyMap<string, Memory>;
  session: ChatSession;
  timeZone: string;
  now: Date;
  ids: IdGenerator;
  retention?: RetentionPolicy;
}): ExtractionPlan {
  const { session, now } = input;
  const retention = input.retention ?? DEFAULT_RETENTION;
  const plan: ExtractionPlan = { inserts: [], supersedes: [], refreshes: [], rejected: 0, ignored: 0 };
  const byText = new Map<string, Memory>();
  for (const memory of input.refs.values()) byText.set(textKey(memory.text), memory);
  const seen = new Set<string>();
  const refreshes = new Map<string, Refresh>();
  const superseded = new Set<string>();

  input.entries.forEach((entry, index) => {
    const text = entry.text.trim();
    if (index >= MAX_ENTRIES_PER_SESSION || text === '' || seen.has(textKey(text))) {
      plan.ignored++;
      return;
    }
    if (isPrivilegedWrite(text)) {
      plan.rejected++;
      return;
    }
    seen.add(textKey(text));
    const occurredAt = resolveWhen(entry.when, session.startedAt, input.timeZone);
    const target = resolveRef(entry.ref, input.refs);
    const sameText = byText.get(textKey(text));

    const memory: Memory = {
      id: input.ids('mem'),
      userId: session.userId,
      petId: session.petId,
      text,
      category: entry.category,
      occurredAt,
      createdAt: now,
      expiresAt: expiryFor(entry.category, { recordedAt: now, occurredAt }, retention),
      supersededAt: null,
      supersededById: null,
      sourceSessionId: session.id,
      externalId: null,
      embeddingModel: null,
      subject: 'user',
      kind: null,
      dueOn: null,
    };

    const old = entry.action === 'duplicate_of' ? target : entry.action === 'add' ? sameText : undefined;
    if (old) {
      const prev = refreshes.get(old.id);
      const latest = Math.max(prev?.occurredAt.getTime() ?? old.occurredAt.getTime(), occurredAt.getTime());
      const refreshedAt = new Date(latest);
      refreshes.set(old.id, {
        id: old.id,
        occurredAt: refreshedAt,
        expiresAt: laterExpiry(
          prev?.expiresAt ?? old.expiresAt,
          expiryFor(old.category, { recordedAt: now, occurredAt: refreshedAt }, retention),
        ),
        fallback: prev?.fallback ?? memory,
      });
      return;
    }

    plan.inserts.push(memory);
    if (entry.action === 'contradicts' && target && !superseded.has(target.id)) {
      superseded.add(target.id);
      plan.supersedes.push({ id: target.id, byId: memory.id });
    }
  });

  plan.refreshes = [...refreshes.values()].filter((r) => !superseded.has(r.id));
  return plan;
}

/** `m3`, `M3`, `[m3]`, `#3`, `3` all name the third listed memory. */
function resolveRef(ref: string | null | undefined, refs: ReadonlyMap<string, Memory>): Memory | undefined {
  if (!ref) return undefined;
  const digits = /^\W*m?\s*(\d+)\W*$/i.exec(ref.trim());
  return digits ? refs.get(`m${digits[1]}`) : undefined;
}

function textKey(text: string): string {
  return normalizeForScreening(text)
    .toLowerCase()
    .replace(/[\s.。!！?？,，;；:："'“”‘’]+/g, ' ')
    .trim();
}
