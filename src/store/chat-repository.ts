import { and, asc, desc, eq, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { ChatRepository, ChatSession, RateLimitRepository } from '../core/index.ts';
import { ConflictError, NotFoundError } from '../core/index.ts';
import { type Db, isForeignKeyViolation, isUniqueViolation } from './db.ts';
import { chatSessions, messages } from './schema.ts';
import { beginTurn, finishTurn, leaseEnd, loadTurn, toMessage } from './turn-rows.ts';

function pairFilter(pair: { userId: string; petId: string } | undefined): SQL | undefined {
  return pair && and(eq(chatSessions.userId, pair.userId), eq(chatSessions.petId, pair.petId));
}

/** `externalLimits`: the rate limits live elsewhere (Redis); `beginTurn` takes from them before writing. */
export function createChatRepository(db: Db, externalLimits?: RateLimitRepository): ChatRepository {
  return {
    async createSession(session) {
      try {
        const [row] = await db.insert(chatSessions).values(session).returning();
        return row!;
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`session ${session.id} already exists`);
        if (isForeignKeyViolation(error)) throw new NotFoundError('pet', session.petId);
        throw error;
      }
    },

    async getSession(userId, id) {
      const [row] = await db
        .select()
        .from(chatSessions)
        .where(and(eq(chatSessions.id, id), eq(chatSessions.userId, userId)));
      return row ?? null;
    },

    async latestSession(userId, petId) {
      const [row] = await db
        .select()
        .from(chatSessions)
        .where(and(eq(chatSessions.userId, userId), eq(chatSessions.petId, petId)))
        .orderBy(desc(chatSessions.startedAt), desc(chatSessions.lastMessageAt))
        .limit(1);
      return row ?? null;
    },

    async touchSession(id, at) {
      await db.update(chatSessions).set({ lastMessageAt: at }).where(eq(chatSessions.id, id));
    },

    async closeSession(id, at) {
      await db
        .update(chatSessions)
        .set({ closedAt: at })
        .where(and(eq(chatSessions.id, id), isNull(chatSessions.closedAt)));
    },

    async closeIdleSessions(idleBefore, at, pair) {
      const rows: ChatSession[] = await db
        .update(chatSessions)
        .set({ closedAt: at })
        .where(
          and(isNull(chatSessions.closedAt), lt(chatSessions.lastMessageAt, idleBefore), pairFilter(pair)),
        )
        .returning();
      return rows.sort((a, b) => a.lastMessageAt.getTime() - b.lastMessageAt.getTime());
    },

    async sessionsToExtract(pair) {
      return db
        .select()
        .from(chatSessions)
        .where(and(isNotNull(chatSessions.closedAt), isNull(chatSessions.extractedAt), pairFilter(pair)))
        .orderBy(asc(chatSessions.closedAt), asc(chatSessions.id));
    },

    async markExtracted(id, at) {
      // The `extracted_at is null` guard makes the UPDATE the claim: one caller's row lock wins, the others
      // re-check the guard after it commits and match nothing.
      const rows = await db
        .update(chatSessions)
        .set({ extractedAt: at })
        .where(and(eq(chatSessions.id, id), isNull(chatSessions.extractedAt)))
        .returning({ id: chatSessions.id });
      return rows.length === 1;
    },

    async listSessions(userId, petId) {
      return db
        .select()
        .from(chatSessions)
        .where(and(eq(chatSessions.userId, userId), eq(chatSessions.petId, petId)))
        .orderBy(asc(chatSessions.startedAt), asc(chatSessions.lastMessageAt));
    },

    async appendMessage(message) {
      try {
        const [row] = await db.insert(messages).values(message).returning();
        return toMessage(row!);
      } catch (error) {
        if (isUniqueViolation(error, 'messages_idempotency_idx')) {
          throw new ConflictError('a message with this idempotency key already exists', {
            cause: error,
            hint: 'look it up with findByIdempotencyKey and reuse it',
          });
        }
        if (isUniqueViolation(error)) throw new ConflictError(`message ${message.id} already exists`);
        if (isForeignKeyViolation(error)) throw new NotFoundError('session', message.sessionId);
        throw error;
      }
    },

    async getMessage(userId, id) {
      const [row] = await db
        .select()
        .from(messages)
        .where(and(eq(messages.id, id), eq(messages.userId, userId)));
      return row ? toMessage(row) : null;
    },

    async findByIdempotencyKey(userId, petId, key, role) {
      const [row] = await db
        .select()
        .from(messages)
        .where(
          and(
            eq(messages.userId, userId),
            eq(messages.petId, petId),
            eq(messages.role, role),
            eq(messages.idempotencyKey, key),
          ),
        );
      return row ? toMessage(row) : null;
    },

    async findReply(userMessageId) {
      const [row] = await db
        .select()
        .from(messages)
        .where(and(eq(messages.replyToId, userMessageId), eq(messages.role, 'pet')))
        .orderBy(desc(messages.createdAt), desc(messages.seq))
        .limit(1);
      return row ? toMessage(row) : null;
    },

    async updateMessage(id, patch) {
      // Only the listed fields, even when the caller passes a wider object.
      const { status, content, emotion, error } = patch;
      const set = { status, content, emotion, error };
      if (Object.values(set).every((value) => value === undefined)) return;
      // A reply settled (ok or failed) holds no lease any more.
      const lease = status !== undefined && status !== 'pending' ? { leaseUntil: null } : {};
      await db
        .update(messages)
        .set({ ...set, ...lease })
        .where(eq(messages.id, id));
    },

    async claimReply(id, leaseMs) {
      // One statement: of two retries racing for a stale turn, the second sees the first one's lease.
      const rows = await db
        .update(messages)
        .set({ status: 'pending', content: '', emotion: null, error: null, leaseUntil: leaseEnd(leaseMs) })
        .where(
          and(
            eq(messages.id, id),
            sql`not (${messages.status} = 'pending' and coalesce(${messages.leaseUntil} > now(), false))`,
          ),
        )
        .returning({ id: messages.id });
      return rows.length === 1;
    },

    async renewLease(id, leaseMs) {
      const rows = await db
        .update(messages)
        .set({ leaseUntil: leaseEnd(leaseMs) })
        .where(and(eq(messages.id, id), eq(messages.status, 'pending')))
        .returning({ id: messages.id });
      return rows.length === 1;
    },

    async failStalePending(options = {}) {
      const rows = await db
        .update(messages)
        .set({
          status: 'failed',
          error: 'interrupted: the turn stopped before the reply was finished (retry to get one)',
          leaseUntil: null,
        })
        .where(
          and(
            eq(messages.status, 'pending'),
            options.all ? undefined : sql`coalesce(${messages.leaseUntil} <= now(), true)`,
          ),
        )
        .returning({ id: messages.id });
      return rows.length;
    },

    async listMessages(sessionId) {
      const rows = await db
        .select()
        .from(messages)
        .where(eq(messages.sessionId, sessionId))
        .orderBy(asc(messages.createdAt), asc(messages.seq));
      return rows.map(toMessage);
    },

    loadTurn: (query) => loadTurn(db, query),
    beginTurn: (rows) => beginTurn(db, rows, externalLimits),
    finishTurn: (rows) => finishTurn(db, rows),

    async recentMessages(userId, petId, limit, before) {
      const pair = and(eq(messages.userId, userId), eq(messages.petId, petId));
      let cursor: SQL | undefined;
      if (before !== undefined) {
        const [at] = await db
          .select({ createdAt: messages.createdAt, seq: messages.seq })
          .from(messages)
          .where(and(pair, eq(messages.id, before)));
        if (!at) return [];
        cursor = or(
          lt(messages.createdAt, at.createdAt),
          and(eq(messages.createdAt, at.createdAt), lt(messages.seq, at.seq)),
        );
      }
      const rows = await db
        .select()
        .from(messages)
        .where(and(pair, cursor))
        .orderBy(desc(messages.createdAt), desc(messages.seq))
        .limit(Math.max(0, Math.floor(limit)));
      return rows.map(toMessage).reverse();
    },
  };
}
