import type { ChatRepository, ChatSession, Clock, IdGenerator, Message, TurnOpening } from '../core/index.ts';
import { ConflictError } from '../core/index.ts';

/**
 * The rows of a turn: the user's message (stored before the model is called), the pet's reply (created
 * `pending` with it, so a concurrent retry of the same key sees the turn in flight), and what a retried
 * idempotency key reuses.
 */
interface Deps {
  chats: ChatRepository;
  ids: IdGenerator;
  clock: Clock;
}
type Pair = { userId: string; petId: string };

export type PriorTurn =
  | { state: 'none' }
  | { state: 'answered'; userMessage: Message; reply: Message }
  | { state: 'retry'; userMessage: Message; reply: Message | null };

const inFlight = () =>
  new ConflictError('a reply to this message is still being generated', {
    hint: 'wait for it to finish, then retry with the same idempotency key to get it',
    isRetryable: true,
  });

/**
 * What an idempotency key found (`TurnState.prior`): an answered turn to replay, a failed or stale one to
 * retry, or nothing. A reply still pending is a retryable conflict; the key reused for another text is not.
 */
export function priorTurnOf(
  found: { userMessage: Message; reply: Message | null } | null,
  text: string,
  stale: { now: Date; pendingStaleMs: number },
): PriorTurn {
  if (!found) return { state: 'none' };
  const { userMessage, reply } = found;
  if (userMessage.content !== text) {
    throw new ConflictError('this idempotency key was already used for a different message', {
      hint: 'use a new idempotency key for a new message',
    });
  }
  if (reply?.status === 'pending') {
    // A turn whose process died mid-reply would otherwise stay "in flight" forever.
    const age = stale.now.getTime() - reply.createdAt.getTime();
    if (age < stale.pendingStaleMs) throw inFlight();
    return { state: 'retry', userMessage, reply };
  }
  if (reply?.status === 'ok') return { state: 'answered', userMessage, reply };
  return { state: 'retry', userMessage, reply };
}

/** The pet's reply to `userMessage` before the model has answered: empty, `pending`, under the same key. */
function pendingReplyTo(deps: Deps, userMessage: Message): Message {
  return {
    id: deps.ids('msg'),
    sessionId: userMessage.sessionId,
    userId: userMessage.userId,
    petId: userMessage.petId,
    role: 'pet',
    content: '',
    emotion: null,
    status: 'pending',
    idempotencyKey: userMessage.idempotencyKey,
    replyToId: userMessage.id,
    error: null,
    createdAt: deps.clock.now(),
  };
}

/** The opening rows of a new turn, planned from what `loadTurn` read; `beginTurn` writes them at once. */
export interface PlannedOpening {
  rows: TurnOpening;
  session: ChatSession;
  userMessage: Message;
  replyId: string;
  isNewSession: boolean;
  greeting: Message | null;
  /** The open session this turn closes because of the idle gap. */
  closed: ChatSession | null;
}

/**
 * A new turn's rows: the session (the open one if its last message is within the idle gap, else a new one,
 * closing the stale one), the first-session greeting, the user's message and the pending reply.
 */
export function planOpening(
  deps: Deps,
  turn: Pair & {
    latest: ChatSession | null;
    text: string;
    key: string | null;
    at: Date;
    idleGapMs: number;
    greeting: (() => { text: string; emotion: string }) | null;
  },
): PlannedOpening {
  const { latest, at } = turn;
  const pair = { userId: turn.userId, petId: turn.petId };
  const rows: TurnOpening = { messages: [] };
  let session: ChatSession;
  let closed: ChatSession | null = null;
  const continues =
    latest !== null &&
    latest.closedAt === null &&
    at.getTime() - latest.lastMessageAt.getTime() < turn.idleGapMs;
  if (continues) {
    session = { ...latest, lastMessageAt: at };
    rows.touchSession = { id: latest.id, at };
  } else {
    if (latest && latest.closedAt === null) {
      rows.closeSession = { id: latest.id, at };
      closed = { ...latest, closedAt: at };
    }
    session = {
      id: deps.ids('ses'),
      ...pair,
      startedAt: at,
      lastMessageAt: at,
      closedAt: null,
      extractedAt: null,
    };
    rows.createSession = session;
  }
  const base = { sessionId: session.id, ...pair, replyToId: null, error: null, createdAt: at };
  let greeting: Message | null = null;
  if (latest === null && turn.greeting) {
    const g = turn.greeting();
    greeting = {
      id: deps.ids('msg'),
      ...base,
      role: 'pet',
      content: g.text,
      emotion: g.emotion,
      status: 'ok',
      idempotencyKey: null,
    };
    rows.messages.push(greeting);
  }
  const userMessage: Message = {
    id: deps.ids('msg'),
    ...base,
    role: 'user',
    content: turn.text,
    emotion: null,
    status: 'ok',
    idempotencyKey: turn.key,
  };
  const reply = pendingReplyTo(deps, userMessage);
  rows.messages.push(userMessage, reply);
  return { rows, session, userMessage, replyId: reply.id, isNewSession: !continues, greeting, closed };
}

/** Writes the planned rows; a clash on the idempotency key means a concurrent request got there first. */
export async function writeOpening(chats: ChatRepository, opening: PlannedOpening): Promise<void> {
  try {
    await chats.beginTurn(opening.rows);
  } catch (error) {
    if (opening.userMessage.idempotencyKey !== null && error instanceof ConflictError) throw inFlight();
    throw error;
  }
}

/** Appends a message; a clash on the idempotency key means a concurrent request got there first. */
async function append(chats: ChatRepository, message: Message): Promise<Message> {
  try {
    return await chats.appendMessage(message);
  } catch (error) {
    if (message.idempotencyKey !== null && error instanceof ConflictError) throw inFlight();
    throw error;
  }
}

/** The pending reply row for `userMessage`: a new one, or the failed one of an earlier attempt, reset. */
export async function openReply(deps: Deps, userMessage: Message, failed: Message | null): Promise<string> {
  if (failed) {
    await deps.chats.updateMessage(failed.id, { status: 'pending', content: '', emotion: null, error: null });
    return failed.id;
  }
  const reply = await append(deps.chats, pendingReplyTo(deps, userMessage));
  return reply.id;
}
