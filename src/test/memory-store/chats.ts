import type { ChatRepository, ChatSession, Message, RateLimitRepository } from '../../core/index.ts';
import { ConflictError, NotFoundError, RateLimitedError } from '../../core/index.ts';
import { petRepository } from './pets.ts';
import { byText, constraintError, copy, sorted, type Tables, time } from './tables.ts';
import { userRepository } from './users.ts';

type Pair = { userId: string; petId: string } | undefined;

const inPair = (s: ChatSession, pair: Pair) => !pair || (s.userId === pair.userId && s.petId === pair.petId);
/** Oldest first; insertion order (the SQL `seq`) breaks ties. */
const byCreation = (a: Message, b: Message) => time(a.createdAt) - time(b.createdAt);

function checkMessage(message: Pick<Message, 'role' | 'status'>, operation: string): void {
  if (!['user', 'pet'].includes(message.role)) {
    throw constraintError(operation, 'check', 'messages', 'messages_role_check');
  }
  if (!['ok', 'pending', 'failed'].includes(message.status)) {
    throw constraintError(operation, 'check', 'messages', 'messages_status_check');
  }
}

/** `limits`: the store's rate limits, which `beginTurn` takes from with the rows (as the SQL statement does). */
export function chatRepository(t: Tables, limits?: RateLimitRepository): ChatRepository {
  const messagesWhere = (keep: (m: Message) => boolean) => [...t.messages.values()].filter(keep);
  const users = userRepository(t);
  const pets = petRepository(t);
  // Pending replies' leases (`lease_until` in SQL), on the real clock as the database's `now()` is.
  const leases = new Map<string, number>();
  const leased = (m: Message | null) =>
    m !== null && m.status === 'pending' && (leases.get(m.id) ?? Number.NEGATIVE_INFINITY) > Date.now();

  const repo: ChatRepository = {
    async createSession(session) {
      if (t.sessions.has(session.id)) throw new ConflictError(`session ${session.id} already exists`);
      if (!t.users.has(session.userId) || !t.pets.has(session.petId)) {
        throw new NotFoundError('pet', session.petId);
      }
      t.sessions.set(session.id, copy(session));
      return copy(session);
    },

    async getSession(userId, id) {
      const s = t.sessions.get(id);
      return s && s.userId === userId ? copy(s) : null;
    },

    async latestSession(userId, petId) {
      const newestFirst = sorted(
        [...t.sessions.values()].reverse(),
        (a, b) => time(b.startedAt) - time(a.startedAt) || time(b.lastMessageAt) - time(a.lastMessageAt),
      );
      const s = newestFirst.find((o) => o.userId === userId && o.petId === petId);
      return s ? copy(s) : null;
    },

    async touchSession(id, at) {
      const s = t.sessions.get(id);
      if (s) s.lastMessageAt = new Date(at);
    },

    async closeSession(id, at) {
      const s = t.sessions.get(id);
      if (s && s.closedAt === null) s.closedAt = new Date(at);
    },

    async closeIdleSessions(idleBefore, at, pair) {
      const idle = [...t.sessions.values()].filter(
        (s) => s.closedAt === null && time(s.lastMessageAt) < time(idleBefore) && inPair(s, pair),
      );
      for (const s of idle) s.closedAt = new Date(at);
      return sorted(idle, (a, b) => time(a.lastMessageAt) - time(b.lastMessageAt)).map(copy);
    },

    async sessionsToExtract(pair) {
      const due = [...t.sessions.values()].filter(
        (s) => s.closedAt !== null && s.extractedAt === null && inPair(s, pair),
      );
      return sorted(due, (a, b) => time(a.closedAt) - time(b.closedAt) || byText(a.id, b.id)).map(copy);
    },

    async markExtracted(id, at) {
      const s = t.sessions.get(id);
      if (!s || s.extractedAt !== null) return false;
      s.extractedAt = new Date(at);
      return true;
    },

    async listSessions(userId, petId) {
      const mine = [...t.sessions.values()].filter((s) => s.userId === userId && s.petId === petId);
      return sorted(
        mine,
        (a, b) => time(a.startedAt) - time(b.startedAt) || time(a.lastMessageAt) - time(b.lastMessageAt),
      ).map(copy);
    },

    async appendMessage(message) {
      checkMessage(message, 'chats.appendMessage');
      if (t.messages.has(message.id)) throw new ConflictError(`message ${message.id} already exists`);
      if (message.idempotencyKey !== null) {
        const clash = messagesWhere(
          (o) =>
            o.userId === message.userId &&
            o.petId === message.petId &&
            o.role === message.role &&
            o.idempotencyKey === message.idempotencyKey,
        );
        if (clash.length > 0) {
          throw new ConflictError('a message with this idempotency key already exists', {
            hint: 'look it up with findByIdempotencyKey and reuse it',
          });
        }
      }
      const referencesExist =
        t.sessions.has(message.sessionId) &&
        t.users.has(message.userId) &&
        t.pets.has(message.petId) &&
        (message.replyToId === null || t.messages.has(message.replyToId));
      if (!referencesExist) throw new NotFoundError('session', message.sessionId);
      t.messages.set(message.id, copy(message));
      return copy(message);
    },

    async getMessage(userId, id) {
      const m = t.messages.get(id);
      return m && m.userId === userId ? copy(m) : null;
    },

    async findByIdempotencyKey(userId, petId, key, role) {
      const [m] = messagesWhere(
        (o) => o.userId === userId && o.petId === petId && o.role === role && o.idempotencyKey === key,
      );
      return m ? copy(m) : null;
    },

    async findReply(userMessageId) {
      const replies = sorted(
        messagesWhere((o) => o.replyToId === userMessageId && o.role === 'pet'),
        byCreation,
      );
      const m = replies.at(-1);
      return m ? copy(m) : null;
    },

    async updateMessage(id, patch) {
      // Only the listed fields, even when the caller passes a wider object.
      const { status, content, emotion, error } = patch;
      const m = t.messages.get(id);
      if (!m) return;
      checkMessage({ role: m.role, status: status ?? m.status }, 'chats.updateMessage');
      if (status !== undefined) m.status = status;
      if (content !== undefined) m.content = content;
      if (emotion !== undefined) m.emotion = emotion;
      if (error !== undefined) m.error = error;
      if (status !== undefined && status !== 'pending') leases.delete(id);
    },

    async claimReply(id, leaseMs) {
      const m = t.messages.get(id);
      if (!m || leased(m)) return false;
      Object.assign(m, { status: 'pending', content: '', emotion: null, error: null });
      leases.set(id, Date.now() + leaseMs);
      return true;
    },

    async renewLease(id, leaseMs) {
      const m = t.messages.get(id);
      if (!m || m.status !== 'pending') return false;
      leases.set(id, Date.now() + leaseMs);
      return true;
    },

    async failStalePending(options = {}) {
      const stale = messagesWhere((m) => m.status === 'pending' && (options.all || !leased(m)));
      for (const m of stale) {
        Object.assign(m, {
          status: 'failed',
          error: 'interrupted: the turn stopped before the reply was finished (retry to get one)',
        });
        leases.delete(m.id);
      }
      return stale.length;
    },

    async listMessages(sessionId) {
      return sorted(
        messagesWhere((m) => m.sessionId === sessionId),
        byCreation,
      ).map(copy);
    },

    async recentMessages(userId, petId, limit, before) {
      let pair = sorted(
        messagesWhere((m) => m.userId === userId && m.petId === petId),
        byCreation,
      );
      if (before !== undefined) {
        const at = pair.findIndex((m) => m.id === before);
        if (at === -1) return [];
        pair = pair.slice(0, at);
      }
      const n = Math.max(0, Math.floor(limit));
      return n === 0 ? [] : pair.slice(-n).map(copy);
    },

    async loadTurn({ userId, petId, recentLimit, idempotencyKey }) {
      const all = await repo.recentMessages(userId, petId, Number.MAX_SAFE_INTEGER);
      const limit = Math.max(0, Math.floor(recentLimit));
      const keyed = idempotencyKey
        ? await repo.findByIdempotencyKey(userId, petId, idempotencyKey, 'user')
        : null;
      const others = (await pets.listByOwner(userId)).filter((p) => p.id !== petId);
      const latest = await Promise.all(others.map((p) => repo.latestSession(userId, p.id)));
      return {
        user: await users.get(userId),
        pet: await pets.getOwned(userId, petId),
        mood: await pets.getMood(petId, userId),
        latestSession: await repo.latestSession(userId, petId),
        recent: limit === 0 ? [] : all.slice(-limit),
        messageCount: all.length,
        prior: keyed ? await priorOf(keyed) : null,
        otherSessions: latest.filter((s): s is ChatSession => s !== null),
      };
    },

    async beginTurn(rows) {
      if (rows.messages.length === 0) throw new Error('beginTurn needs at least one message');
      // One statement in SQL: all or nothing.
      const sessions = new Map([...t.sessions].map(([id, s]) => [id, copy(s)]));
      const added: string[] = [];
      const takenBefore = rows.limit ? t.limits.get(`${rows.limit.scope}/${rows.limit.userId}`) : undefined;
      try {
        if (rows.limit) {
          if (!limits) throw new Error('this in-memory chat repository has no rate limits');
          const outcome = await limits.take(rows.limit);
          if (!outcome.ok) throw new RateLimitedError(outcome);
        }
        if (rows.closeSession) await repo.closeSession(rows.closeSession.id, rows.closeSession.at);
        if (rows.createSession) await repo.createSession(rows.createSession);
        if (rows.touchSession) await repo.touchSession(rows.touchSession.id, rows.touchSession.at);
        const written: Message[] = [];
        for (const message of rows.messages) {
          written.push(await repo.appendMessage(message));
          added.push(message.id);
        }
        for (const message of rows.messages) {
          if (message.status === 'pending' && rows.leaseMs !== undefined) {
            leases.set(message.id, Date.now() + rows.leaseMs);
          }
        }
        return written;
      } catch (error) {
        t.sessions.clear();
        for (const [id, s] of sessions) t.sessions.set(id, s);
        for (const id of added) t.messages.delete(id);
        if (rows.limit && !(error instanceof RateLimitedError)) {
          const key = `${rows.limit.scope}/${rows.limit.userId}`;
          if (takenBefore) t.limits.set(key, takenBefore);
          else t.limits.delete(key);
        }
        throw error;
      }
    },

    async finishTurn(rows) {
      if (rows.mood) checkMood(rows.mood.intensity);
      await repo.updateMessage(rows.replyId, {
        status: 'ok',
        content: rows.content,
        emotion: rows.emotion,
        error: null,
      });
      await repo.touchSession(rows.sessionId, rows.at);
      if (rows.mood) await pets.setMood(rows.mood);
    },
  };
  async function priorOf(keyed: Message) {
    const reply = await repo.findReply(keyed.id);
    const session = t.sessions.get(keyed.sessionId);
    return {
      userMessage: keyed,
      reply,
      session: session ? copy(session) : null,
      replyLeased: leased(reply),
    };
  }
  return repo;
}

/** The `pet_moods_intensity_range` check, before anything of the closing statement is written. */
function checkMood(intensity: number): void {
  if (!(intensity >= 0 && intensity <= 1)) {
    throw constraintError('chats.finishTurn', 'check', 'pet_moods', 'pet_moods_intensity_range');
  }
}
