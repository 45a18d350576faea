import type { LanguageModel } from 'ai';
import type {
  ChatRepository,
  ChatSession,
  Embedder,
  IdGenerator,
  Logger,
  Memory,
  MemoryRepository,
  Message,
  PetRepository,
  UserRepository,
} from '../core/index.ts';
import { ConflictError, generateStructured } from '../core/index.ts';
import { embedNewMemories } from './embed-new.ts';
import { type ExtractionPlan, planExtraction } from './extraction-plan.ts';
import { buildExtractionPrompt } from './extraction-prompt.ts';
import { extractionSchema } from './prompts/extract.v2.schema.ts';
import type { RetentionPolicy } from './retention.ts';
import { retrieveForDialogue } from './retrieve.ts';

export interface ExtractionDeps {
  memories: Pick<
    MemoryRepository,
    'insert' | 'list' | 'get' | 'update' | 'supersede' | 'searchDense' | 'searchLexical' | 'ensureVectorIndex'
  >;
  chats: Pick<ChatRepository, 'markExtracted' | 'listMessages'>;
  users: Pick<UserRepository, 'get'>;
  pets: Pick<PetRepository, 'getOwned'>;
  model: LanguageModel;
  embedder: Embedder;
  ids: IdGenerator;
  logger: Logger;
  retention?: RetentionPolicy;
  /** How many existing memories the extractor sees at most (default 50). */
  maxRelated?: number;
}

export interface ExtractionCounts {
  /** New memories stored. */
  added: number;
  /** Existing memories refreshed because the session restated them. */
  updated: number;
  /** Existing memories superseded by a contradicting new one. */
  superseded: number;
  /** Entries dropped by the privileged-write filter. */
  rejected: number;
}

export const NO_CHANGES: ExtractionCounts = { added: 0, updated: 0, superseded: 0, rejected: 0 };

/**
 * {M_i, Cat_i} = LLM(I_s, S, P, U) for one closed session, then the changes applied.
 *
 * Write, then mark: the memories are embedded and written first, and the session is marked extracted only
 * after them, so a run that dies in between (killed, crashed, its model or store gone) leaves the session
 * unextracted and the next run does it again - a session is never marked done without its memories. The
 * writes are idempotent: a session's new memories get ids derived from the session (`sessionMemoryIds`),
 * so a second run over a session whose memories are already stored - a rerun after a crash between the
 * write and the mark, or a run racing this one - clashes on the first id, writes nothing more and only marks
 * the session. Returns null when another run wrote the session's memories first.
 */
export async function extractSession(
  deps: ExtractionDeps,
  session: ChatSession,
  options: { now: Date; ensureIndex?: () => Promise<void> },
): Promise<ExtractionCounts | null> {
  const { now } = options;
  const log = { sessionId: session.id, userId: session.userId, petId: session.petId };
  const messages = (await deps.chats.listMessages(session.id)).filter(
    (m) => m.status === 'ok' && m.content.trim() !== '',
  );
  const [user, pet] = await Promise.all([
    deps.users.get(session.userId),
    deps.pets.getOwned(session.userId, session.petId),
  ]);
  if (!messages.some((m) => m.role === 'user') || !user || !pet) {
    deps.logger.info('memory extraction skipped', {
      ...log,
      reason: user && pet ? 'no user message' : 'gone',
    });
    return (await deps.chats.markExtracted(session.id, now)) ? { ...NO_CHANGES } : null;
  }

  const related = await relatedMemories(deps, session, messages, now);
  const built = buildExtractionPrompt({ session, messages, user, pet, related });
  const { object, attempts } = await generateStructured({
    model: deps.model,
    schema: extractionSchema,
    schemaName: 'memories',
    tags: { purpose: 'memory', userId: session.userId, petId: session.petId },
    system: built.system,
    prompt: built.prompt,
    // Up to MAX_ENTRIES_PER_SESSION short facts; more is a runaway answer (OWASP LLM10).
    maxOutputTokens: 4096,
  });
  const plan = planExtraction({
    entries: object.memories,
    refs: built.refs,
    session,
    timeZone: user.timezone,
    now,
    ids: sessionMemoryIds(session.id),
    ...(deps.retention ? { retention: deps.retention } : {}),
  });
  if (plan.dropped.length > 0) {
    // What was dropped and why - entry indexes, referred memory ids, pattern ids - never the text.
    deps.logger.info('memory extraction dropped entries', { ...log, dropped: plan.dropped });
  }

  const counts = await applyPlan(deps, session.userId, plan, now, options.ensureIndex);
  if (counts === null) {
    await deps.chats.markExtracted(session.id, now);
    deps.logger.info("memory extraction discarded: the session's memories were already stored", log);
    return null;
  }
  if (!(await deps.chats.markExtracted(session.id, now))) {
    deps.logger.info('memory extraction: the session was marked by another run meanwhile', log);
  }
  deps.logger.info('memory extraction done', {
    ...log,
    ...counts,
    ignored: plan.ignored,
    prompt: built.promptId,
    attempts,
    truncated: built.truncated,
  });
  return counts;
}

/** The pair's active memories the extractor should compare against: all of them, or the most related. */
async function relatedMemories(
  deps: ExtractionDeps,
  session: ChatSession,
  messages: Message[],
  now: Date,
): Promise<Memory[]> {
  const max = deps.maxRelated ?? 50;
  // The pet's days are recorded apart (recordPetDay) and never restated by a conversation: left out.
  const active = (await deps.memories.list({ userId: session.userId, petId: session.petId, now })).filter(
    (m) => m.kind !== 'day',
  );
  const byAge = [...active].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  if (active.length <= max) return byAge;

  const query = messages
    .filter((m) => m.role === 'user')
    .map((m) => m.content)
    .join('\n')
    .slice(-4000);
  const hits = await retrieveForDialogue(deps, {
    userId: session.userId,
    petId: session.petId,
    query,
    now,
    k: max,
  });
  const chosen = new Map(hits.filter((h) => h.memory.kind !== 'day').map((h) => [h.memory.id, h.memory]));
  // Fill up with permanent memories, then the most recent others.
  const rest = [...byAge].reverse().sort((a, b) => tierOrder(a) - tierOrder(b));
  for (const memory of rest) {
    if (chosen.size >= max) break;
    chosen.set(memory.id, memory);
  }
  return [...chosen.values()].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}

const tierOrder = (m: Memory) => (m.category === 'permanent' ? 0 : 1);

/**
 * Ids of a session's new memories: `mem_<session id>_<n>`, in the order of the plan. A rerun over the same
 * session makes the same first id, so its insert clashes with what an earlier run already stored.
 */
export function sessionMemoryIds(sessionId: string): IdGenerator {
  let n = 0;
  return (prefix) => `${prefix}_${sessionId}_${n++}`;
}

/** The plan's writes; null (nothing written) when the session's new memories were already stored. */
async function applyPlan(
  deps: ExtractionDeps,
  userId: string,
  plan: ExtractionPlan,
  now: Date,
  ensureIndex: (() => Promise<void>) | undefined,
): Promise<ExtractionCounts | null> {
  const counts: ExtractionCounts = { ...NO_CHANGES, rejected: plan.rejected };
  // A refreshed memory that vanished since the prompt was built is stored anew: the fact is never lost.
  const inserts = [...plan.inserts];
  const refreshes = [];
  for (const refresh of plan.refreshes) {
    const current = await deps.memories.get(userId, refresh.id);
    if (current && current.supersededAt === null) refreshes.push(refresh);
    else inserts.push(refresh.fallback);
  }

  if (inserts.length > 0) {
    const { items, embedded } = await embedNewMemories(deps, inserts, userId);
    if (embedded && ensureIndex) {
      // A missing index must not cost the session its memories (reindex creates it).
      await ensureIndex().catch((error: unknown) =>
        deps.logger.warn('vector index not ensured', {
          embedder: deps.embedder.id,
          error: asLoggable(error),
        }),
      );
    }
    try {
      await deps.memories.insert(items);
    } catch (error) {
      // One statement: all of the rows or none. A clash on the session's ids: an earlier run stored them.
      if (error instanceof ConflictError) return null;
      throw error;
    }
    counts.added = inserts.length;
  }
  // Supersede only after the replacement is stored, so a crash in between loses nothing.
  for (const { id, byId } of plan.supersedes) {
    const current = await deps.memories.get(userId, id);
    if (!current || current.supersededAt !== null) continue;
    await deps.memories.supersede(userId, id, byId, now);
    counts.superseded++;
  }
  for (const refresh of refreshes) {
    await deps.memories.update(userId, refresh.id, {
      occurredAt: refresh.occurredAt,
      expiresAt: refresh.expiresAt,
    });
    counts.updated++;
  }
  return counts;
}

const asLoggable = (error: unknown) => (error instanceof Error ? error : String(error));
