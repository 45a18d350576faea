import type { ChatSession, IdGenerator, Memory, MemoryKind, MemorySubject } from '../core/index.ts';
import { normalizeForScreening, privilegedWriteSignals } from './privileged-write.ts';
import {
  type ExtractedMemory,
  type ExtractKind,
  MAX_ENTRIES_PER_SESSION,
} from './prompts/extract.v2.schema.ts';
import { DEFAULT_RETENTION, expiryFor, laterExpiry, type RetentionPolicy } from './retention.ts';
import { resolveDueDate, resolveWhen } from './when.ts';

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
  /** Every entry not applied, with why: for the log (never the text). */
  dropped: DroppedEntry[];
}

/**
 * An entry of the model's answer that was not applied. `entry` is its index in the answer; `memoryId` the
 * existing memory it referred to, if any; `signals` the screening pattern ids that refused it.
 */
export interface DroppedEntry {
  entry: number;
  reason: 'over-cap' | 'empty' | 'repeat' | 'privileged-write';
  memoryId?: string;
  signals?: string[];
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
  const plan: ExtractionPlan = {
    inserts: [],
    supersedes: [],
    refreshes: [],
    rejected: 0,
    ignored: 0,
    dropped: [],
  };
  // Pet and user memories are kept apart: a pet's entry never merges with or supersedes a user's memory.
  const byText = new Map<string, Memory>();
  for (const memory of input.refs.values()) byText.set(subjectKey(memory.subject, memory.text), memory);
  const seen = new Set<string>();
  const refreshes = new Map<string, Refresh>();
  const superseded = new Set<string>();

  input.entries.forEach((entry, index) => {
    const text = entry.text.trim();
    const referred = resolveRef(entry.ref, input.refs)?.id;
    const drop = (reason: DroppedEntry['reason'], signals?: string[]) =>
      plan.dropped.push({
        entry: index,
        reason,
        ...(referred ? { memoryId: referred } : {}),
        ...(signals ? { signals } : {}),
      });
    const ignored: DroppedEntry['reason'] | null =
      index >= MAX_ENTRIES_PER_SESSION
        ? 'over-cap'
        : text === ''
          ? 'empty'
          : seen.has(subjectKey(entry.subject, text))
            ? 'repeat'
            : null;
    if (ignored) {
      plan.ignored++;
      drop(ignored);
      return;
    }
    const signals = privilegedWriteSignals(text);
    if (signals.length > 0) {
      plan.rejected++;
      drop('privileged-write', signals);
      return;
    }
    seen.add(subjectKey(entry.subject, text));
    const occurredAt = resolveWhen(entry.when, session.startedAt, input.timeZone);
    const subject = entry.subject;
    const referredTo = resolveRef(entry.ref, input.refs);
    const target = referredTo?.subject === subject ? referredTo : undefined;
    const sameText = byText.get(subjectKey(subject, text));
    const due = resolveDueDate(entry.due, session.startedAt, input.timeZone);
    const kind = kindFor(subject, entry.kind, due);

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
      subject,
      kind,
      dueOn: kind === 'promise' || kind === 'plan' || kind === 'upcoming' ? due : null,
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

/**
 * The stored kind of an entry: the model's, or the nearest one its subject allows. A user's entry is an
 * ordinary fact (null) or an `upcoming` event (a dated promise or plan of the user's counts as one); a pet's
 * is a promise, plan, opinion or something it shared (`fact` reads as shared, `upcoming` as a plan).
 */
export function kindFor(subject: MemorySubject, kind: ExtractKind, due: string | null): MemoryKind | null {
  if (subject === 'user') {
    if (kind === 'upcoming') return 'upcoming';
    return (kind === 'promise' || kind === 'plan') && due !== null ? 'upcoming' : null;
  }
  if (kind === 'fact') return 'shared';
  return kind === 'upcoming' ? 'plan' : kind;
}

const subjectKey = (subject: MemorySubject, text: string) => `${subject}:${textKey(text)}`;

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
