import type { ChatRepository, Clock, IdGenerator, Message } from '../core/index.ts';
import { ConflictError } from '../core/index.ts';

/**
 * The rows of a turn: the user's message (stored before the model is called), the pet's reply (created
 * `pending` right after it, so a concurrent retry of the same key sees the turn in flight), and the lookup
 * that makes a retried idempotency key reuse them.
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

export async function findPriorTurn(
  chats: ChatRepository,
  pair: Pair,
  key: string,
  text: string,
  stale: { now: Date; pendingStaleMs: number },
): Promise<PriorTurn> {
  const userMessage = await chats.findByIdempotencyKey(pair.userId, pair.petId, key, 'user');
  if (!userMessage) return { state: 'none' };
  if (userMessage.content !== text) {
    throw new ConflictError('this idempotency key was already used for a different message', {
      hint: 'use a new idempotency key for a new message',
    });
  }
  const reply = await chats.findReply(userMessage.id);
  if (reply?.status === 'pending') {
    // A turn whose process died mid-reply would otherwise stay "in flight" forever.
    const age = stale.now.getTime() - reply.createdAt.getTime();
    if (age < stale.pendingStaleMs) throw inFlight();
    return { state: 'retry', userMessage, reply };
  }
  if (reply?.status === 'ok') return { state: 'answered', userMessage, reply };
  return { state: 'retry', userMessage, reply };
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

export function appendUserMessage(
  deps: Deps,
  turn: Pair & { sessionId: string; text: string; key: string | null; at: Date },
): Promise<Message> {
  return append(deps.chats, {
    id: deps.ids('msg'),
    sessionId: turn.sessionId,
    userId: turn.userId,
    petId: turn.petId,
    role: 'user',
    content: turn.text,
    emotion: null,
    status: 'ok',
    idempotencyKey: turn.key,
    replyToId: null,
    error: null,
    createdAt: turn.at,
  });
}

export function appendGreeting(
  deps: Deps,
  turn: Pair & { sessionId: string; text: string; emotion: string; at: Date },
): Promise<Message> {
  return append(deps.chats, {
    id: deps.ids('msg'),
    sessionId: turn.sessionId,
    userId: turn.userId,
    petId: turn.petId,
    role: 'pet',
    content: turn.text,
    emotion: turn.emotion,
    status: 'ok',
    idempotencyKey: null,
    replyToId: null,
    error: null,
    createdAt: turn.at,
  });
}

/** The pending reply row for `userMessage`: a new one, or the failed one of an earlier attempt, reset. */
export async function openReply(deps: Deps, userMessage: Message, failed: Message | null): Promise<string> {
  if (failed) {
    await deps.chats.updateMessage(failed.id, { status: 'pending', content: '', emotion: null, error: null });
    return failed.id;
  }
  const reply = await append(deps.chats, {
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
  });
  return reply.id;
}
