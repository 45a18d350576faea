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
  StoredEmbedding,
  UserRepository,
} from '../core/index.ts';
import { generateStructured } from '../core/index.ts';
import { type ExtractionPlan, planExtraction } from './extraction-plan.ts';
import { buildExtractionPrompt } from './extraction-prompt.ts';
import { extractionSchema } from './prompts/extract.v1.schema.ts';
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
 * Claiming: the session is claimed with `markExtracted` after the model answered and before anything is
 * written. Exactly one caller wins the claim, so a session's memories are written once even when two runs
 * race (the loser's model call is wasted, its answer discarded); a failed model call leaves the session
 * unclaimed, so the next run retries it. Returns null when another run claimed the session first.
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
    ids: deps.ids,
    ...(deps.retention ? { retention: deps.retention } : {}),
  });

  if (!(await deps.chats.markExtracted(session.id, now))) {
    deps.logger.info('memory extraction discarded: session claimed by another run', log);
    return null;
  }
  const counts = await applyPlan(deps, session.userId, plan, now, options.ensureIndex);
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
  const active = await deps.memories.list({ userId: session.userId, petId: session.petId, now });
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
  const chosen = new Map(hits.map((h) => [h.memory.id, h.memory]));
  // Fill up with permanent memories, then the most recent others.
  const rest = [...byAge].reverse().sort((a, b) => tierOrder(a) - tierOrder(b));
  for (const memory of rest) {
    if (chosen.size >= max) break;
    chosen.set(memory.id, memory);
  }
  return [...chosen.values()].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}

const tierOrder = (m: Memory) => (m.category === 'permanent' ? 0 : 1);

async function applyPlan(
  deps: ExtractionDeps,
  userId: string,
  plan: ExtractionPlan,
  now: Date,
  ensureIndex: (() => Promise<void>) | undefined,
): Promise<ExtractionCounts> {
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
    const vectors = await embedOrNull(deps, inserts, userId);
    if (vectors && ensureIndex) {
      // The session is already claimed: a missing index must not cost its memories (reindex creates it).
      await ensureIndex().catch((error: unknown) =>
        deps.logger.warn('vector index not ensured', {
          embedder: deps.embedder.id,
          error: asLoggable(error),
        }),
      );
    }
    await deps.memories.insert(
      inserts.map((memory, i) => {
        const vector = vectors?.[i];
        const embedding: StoredEmbedding | null = vector ? { vector, model: deps.embedder.id } : null;
        return { memory: { ...memory, embeddingModel: embedding ? embedding.model : null }, embedding };
      }),
    );
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

/** Vectors for new memories; null when the embedder fails (they are stored without, `reindex` fills them). */
async function embedOrNull(
  deps: ExtractionDeps,
  memories: Memory[],
  userId: string,
): Promise<number[][] | null> {
  try {
    const vectors = await deps.embedder.embed(
      memories.map((m) => m.text),
      { purpose: 'embed', userId, ...(memories[0] && { petId: memories[0].petId }) },
    );
    if (vectors.length !== memories.length)
      throw new Error(`expected ${memories.length} vectors, got ${vectors.length}`);
    return vectors;
  } catch (error) {
    deps.logger.warn('memories stored without vectors; run reindex', {
      embedder: deps.embedder.id,
      error: asLoggable(error),
      count: memories.length,
    });
    return null;
  }
}

const asLoggable = (error: unknown) => (error instanceof Error ? error : String(error));
