import type { ChatSession, Message, MessageStatus } from '../entities.ts';

export interface ChatRepository {
  createSession(session: ChatSession): Promise<ChatSession>;
  getSession(userId: string, id: string): Promise<ChatSession | null>;
  /** The most recent session of the pair, open or not. */
  latestSession(userId: string, petId: string): Promise<ChatSession | null>;
  touchSession(id: string, at: Date): Promise<void>;
  closeSession(id: string, at: Date): Promise<void>;
  /** Closes every open session whose last message is older than `idleBefore`; returns the closed sessions. */
  closeIdleSessions(
    idleBefore: Date,
    at: Date,
    pair?: { userId: string; petId: string },
  ): Promise<ChatSession[]>;
  /** Closed sessions not yet extracted, oldest first. */
  sessionsToExtract(pair?: { userId: string; petId: string }): Promise<ChatSession[]>;
  /** Atomically claims a session for extraction: true for exactly one caller. */
  markExtracted(id: string, at: Date): Promise<boolean>;
  /** Oldest first. */
  listSessions(userId: string, petId: string): Promise<ChatSession[]>;

  /** Throws ConflictError when (user, pet, role, idempotencyKey) is taken, NotFoundError for an unknown session. */
  appendMessage(message: Message): Promise<Message>;
  getMessage(userId: string, id: string): Promise<Message | null>;
  findByIdempotencyKey(
    userId: string,
    petId: string,
    key: string,
    role: 'user' | 'pet',
  ): Promise<Message | null>;
  /** The pet message that replies to `userMessageId`, if any. */
  findReply(userMessageId: string): Promise<Message | null>;
  updateMessage(
    id: string,
    patch: { status?: MessageStatus; content?: string; emotion?: string | null; error?: string | null },
  ): Promise<void>;
  listMessages(sessionId: string): Promise<Message[]>;
  /** The last `limit` messages of the pair across sessions, oldest first. */
  recentMessages(userId: string, petId: string, limit: number): Promise<Message[]>;
}
