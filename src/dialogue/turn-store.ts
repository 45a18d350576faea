import type {
  ChatRepository,
  ChatSession,
  Clock,
  IdGenerator,
  Logger,
  Message,
  TurnOpening,
} from '../core/index.ts';
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
 * What an idempotency key found (`TurnState.prior`): an answered turn to replay, a failed or dead one to
 * retry, or nothing. A reply whose turn still holds its lease is a retryable conflict; a pending reply whose
 * lease ran out belongs to a turn that died with its process (killed, crashed) and is taken over. The key
 * reused for another text is a conflict that no retry fixes.
 */
export function priorTurnOf(
  found: { userMessage: Message; reply: Message | null; replyLeased: boolean } | null,
  text: string,
): PriorTurn {
  if (!found) return { state: 'none' };
  const { userMessage, reply } = found;
  if (userMessage.content !== text) {
    throw new ConflictError('this idempotency key was already used for a different message', {
      hint: 'use a new idempotency key for a new message',
    });
  }
  if (reply?.status === 'pending') {
    if (found.replyLeased) throw inFlight();
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

/**
 * Writes the planned rows, the pending reply with the turn's lease; a clash on the idempotency key means a
 * concurrent request got there first.
 */
export async function writeOpening(
  chats: ChatRepository,
  opening: PlannedOpening,
  leaseMs: number,
): Promise<void> {
  try {
    await chats.beginTurn({ ...opening.rows, leaseMs });
  } catch (error) {
    if (opening.userMessage.idempotencyKey !== null && error instanceof ConflictError) throw inFlight();
    throw error;
  }
}

/**
 * The pending reply row of a retried turn, with the turn's lease: the earlier attempt's (failed, or pending
 * with its lease run out) taken over, or a new one. Another retry that took it over first is a conflict.
 */
export async function openReply(
  deps: Deps,
  userMessage: Message,
  earlier: Message | null,
  leaseMs: number,
): Promise<string> {
  if (earlier) {
    if (!(await deps.chats.claimReply(earlier.id, leaseMs))) throw inFlight();
    return earlier.id;
  }
  const reply = pendingReplyTo(deps, userMessage);
  try {
    await deps.chats.beginTurn({ messages: [reply], leaseMs });
  } catch (error) {
    if (reply.idempotencyKey !== null && error instanceof ConflictError) throw inFlight();
    throw error;
  }
  return reply.id;
}

/**
 * Renews the reply's lease every third of it while the turn runs, until `signal` aborts (the turn is over):
 * a turn that streams longer than the lease keeps it, one whose process dies loses it within `leaseMs`.
 */
export function keepLease(
  deps: { chats: ChatRepository; logger: Logger },
  replyId: string,
  leaseMs: number,
  signal: AbortSignal,
): void {
  if (signal.aborted) return;
  const timer = setInterval(
    () => {
      deps.chats.renewLease(replyId, leaseMs).then(
        (held) => {
          if (!held) clearInterval(timer);
        },
        (error: unknown) =>
          deps.logger.warn('could not renew the reply lease', { replyId, error: error as Error }),
      );
    },
    Math.max(1_000, Math.floor(leaseMs / 3)),
  );
  timer.unref?.();
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
