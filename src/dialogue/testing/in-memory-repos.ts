import type {
  ChatRepository,
  ChatSession,
  Message,
  Pet,
  PetMood,
  PetRepository,
  User,
  UserRepository,
} from '../../core/index.ts';
import { ConflictError } from '../../core/index.ts';

/**
 * Minimal in-memory users, pets and chats for the dialogue unit tests (the store's own PGlite tests cover
 * the real repositories). Insertion order breaks createdAt ties, as the store's `seq` does.
 */
export function inMemoryRepos() {
  const users = new Map<string, User>();
  const pets = new Map<string, Pet>();
  const moods = new Map<string, PetMood>();
  const sessions: ChatSession[] = [];
  const messages: Message[] = [];
  const byTime = (a: Message, b: Message) => a.createdAt.getTime() - b.createdAt.getTime();

  const userRepo: UserRepository = {
    async create(user) {
      users.set(user.id, user);
      return user;
    },
    async get(id) {
      return users.get(id) ?? null;
    },
    async list() {
      return [...users.values()];
    },
    async update(id, profile, at) {
      const user = users.get(id);
      if (!user) return null;
      const next = { ...user, ...profile, updatedAt: at };
      users.set(id, next);
      return next;
    },
    async erase(id) {
      return users.delete(id);
    },
  };

  const petRepo: PetRepository = {
    async create(pet) {
      pets.set(pet.id, pet);
      return pet;
    },
    async get(id) {
      return pets.get(id) ?? null;
    },
    async getOwned(ownerId, id) {
      const pet = pets.get(id);
      return pet && pet.ownerId === ownerId ? pet : null;
    },
    async listByOwner(ownerId) {
      return [...pets.values()].filter((p) => p.ownerId === ownerId);
    },
    async listAll() {
      return [...pets.values()];
    },
    async update(pet) {
      if (!pets.has(pet.id)) return null;
      pets.set(pet.id, pet);
      return pet;
    },
    async delete(ownerId, id) {
      return pets.get(id)?.ownerId === ownerId && pets.delete(id);
    },
    async getMood(petId, userId) {
      return moods.get(`${petId}/${userId}`) ?? null;
    },
    async setMood(mood) {
      moods.set(`${mood.petId}/${mood.userId}`, mood);
    },
  };

  const session = (id: string) => sessions.find((s) => s.id === id);
  const chatRepo: ChatRepository = {
    async createSession(s) {
      sessions.push({ ...s });
      return s;
    },
    async getSession(userId, id) {
      const s = session(id);
      return s && s.userId === userId ? { ...s } : null;
    },
    async latestSession(userId, petId) {
      const mine = sessions.filter((s) => s.userId === userId && s.petId === petId);
      return mine.length ? { ...mine[mine.length - 1]! } : null;
    },
    async touchSession(id, at) {
      const s = session(id);
      if (s) s.lastMessageAt = at;
    },
    async closeSession(id, at) {
      const s = session(id);
      if (s && !s.closedAt) s.closedAt = at;
    },
    async closeIdleSessions(idleBefore, at, pair) {
      const closed = sessions.filter(
        (s) =>
          !s.closedAt &&
          s.lastMessageAt < idleBefore &&
          (!pair || (s.userId === pair.userId && s.petId === pair.petId)),
      );
      for (const s of closed) s.closedAt = at;
      return closed.map((s) => ({ ...s }));
    },
    async sessionsToExtract(pair) {
      return sessions.filter(
        (s) =>
          s.closedAt && !s.extractedAt && (!pair || (s.userId === pair.userId && s.petId === pair.petId)),
      );
    },
    async markExtracted(id, at) {
      const s = session(id);
      if (!s || s.extractedAt) return false;
      s.extractedAt = at;
      return true;
    },
    async listSessions(userId, petId) {
      return sessions.filter((s) => s.userId === userId && s.petId === petId).map((s) => ({ ...s }));
    },
    async appendMessage(m) {
      if (
        m.idempotencyKey !== null &&
        messages.some(
          (o) =>
            o.userId === m.userId &&
            o.petId === m.petId &&
            o.role === m.role &&
            o.idempotencyKey === m.idempotencyKey,
        )
      ) {
        throw new ConflictError('a message with this idempotency key already exists');
      }
      messages.push({ ...m });
      return { ...m };
    },
    async getMessage(userId, id) {
      const m = messages.find((o) => o.id === id && o.userId === userId);
      return m ? { ...m } : null;
    },
    async findByIdempotencyKey(userId, petId, key, role) {
      const m = messages.find(
        (o) => o.userId === userId && o.petId === petId && o.role === role && o.idempotencyKey === key,
      );
      return m ? { ...m } : null;
    },
    async findReply(userMessageId) {
      const m = messages.filter((o) => o.replyToId === userMessageId && o.role === 'pet').at(-1);
      return m ? { ...m } : null;
    },
    async updateMessage(id, patch) {
      const m = messages.find((o) => o.id === id);
      if (!m) return;
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) Object.assign(m, { [k]: v });
    },
    async listMessages(sessionId) {
      return messages
        .filter((m) => m.sessionId === sessionId)
        .sort(byTime)
        .map((m) => ({ ...m }));
    },
    async recentMessages(userId, petId, limit) {
      return messages
        .filter((m) => m.userId === userId && m.petId === petId)
        .sort(byTime)
        .slice(-limit)
        .map((m) => ({ ...m }));
    },
  };

  return { users: userRepo, pets: petRepo, chats: chatRepo, sessions, messages, moods };
}
