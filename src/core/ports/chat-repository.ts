import type { ChatSession, Message, MessageStatus, Pet, User } from '../entities.ts';
import type { PetMood } from './pet-repository.ts';
import type { RateLimitTake } from './rate-limit-repository.ts';

/** What a chat turn reads about the pair, loaded in one round trip by `loadTurn`. */
export interface TurnState {
  user: User | null;
  /** The pet, when it exists and belongs to the user. */
  pet: Pet | null;
  mood: PetMood | null;
  /** The pair's most recent session, open or not. */
  latestSession: ChatSession | null;
  /** The pair's last `recentLimit` messages (every status), oldest first. */
  recent: Message[];
  /** How many messages the pair has in all. */
  messageCount: number;
  /** With an idempotency key: the user message stored under it, its latest reply and its session. */
  prior: {
    userMessage: Message;
    reply: Message | null;
    session: ChatSession | null;
    /** The reply is pending and its lease has not run out: its turn is running (in some process). */
    replyLeased: boolean;
  } | null;
  /** The latest session of the user with each of their other pets. */
  otherSessions: ChatSession[];
}

/** The rows that open a turn, written together by `beginTurn`. */
export interface TurnOpening {
  /** An open session closed because of the idle gap. */
  closeSession?: { id: string; at: Date };
  createSession?: ChatSession;
  /** The continued session's last activity. */
  touchSession?: { id: string; at: Date };
  /** In order (the greeting, the user's message, the pending reply). */
  messages: Message[];
  /** The pending reply's lease, from the database's clock (see `claimReply`); default none (run out). */
  leaseMs?: number;
  /**
   * The turn's take from the user's rate limit, taken in the same round trip as the rows (the store's
   * `limits`): when it is refused, nothing is written and `beginTurn` throws RateLimitedError.
   */
  limit?: RateLimitTake;
}

/** The rows that close an answered turn, written together by `finishTurn`. */
export interface TurnClosing {
  replyId: string;
  content: string;
  emotion: string;
  /** The session's last activity. */
  sessionId: string;
  at: Date;
  mood: PetMood | null;
}

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
  /**
   * Takes a reply over for a new attempt of its turn: back to pending and empty, with a lease of `leaseMs`
   * (the database's clock, shared by every process). False, and nothing written, while another turn holds
   * the reply's lease (it is pending and the lease has not run out).
   */
  claimReply(id: string, leaseMs: number): Promise<boolean>;
  /** Extends a pending reply's lease while its turn runs; false when the reply is no longer pending. */
  renewLease(id: string, leaseMs: number): Promise<boolean>;
  /**
   * Marks failed every pending reply whose lease has run out - or every pending reply with `all` (an
   * embedded store at start: no other process can be running a turn) - so the chat shows them as failed,
   * to retry; returns how many.
   */
  failStalePending(options?: { all?: boolean }): Promise<number>;
  listMessages(sessionId: string): Promise<Message[]>;
  /**
   * The last `limit` messages of the pair across sessions, oldest first; with `before` (a message id of the
   * pair), the last `limit` written before that message (a page further back). An unknown `before` gives [].
   */
  recentMessages(userId: string, petId: string, limit: number, before?: string): Promise<Message[]>;

  /**
   * Everything a chat turn reads about the pair - user, owned pet, mood, latest session, recent messages,
   * the message under an idempotency key, the user's other sessions - in one round trip.
   */
  loadTurn(query: {
    userId: string;
    petId: string;
    recentLimit: number;
    idempotencyKey: string | null;
  }): Promise<TurnState>;
  /**
   * Writes a turn's opening rows in one atomic statement: nothing is written when one fails. A taken
   * idempotency key is a ConflictError (as `appendMessage`); returns the messages as stored.
   */
  beginTurn(rows: TurnOpening): Promise<Message[]>;
  /** Marks the reply `ok` with its text and emotion, touches the session and saves the mood, atomically. */
  finishTurn(rows: TurnClosing): Promise<void>;
}
