import type { ChatErrorInfo, ChatPart, Message, NoticeKind } from '../api/types.ts';

/**
 * A line of the conversation as shown; `streaming` is the reply being written. `notice` lines (AI disclosure,
 * break reminders, crisis lines) come from the app, not the pet, and are shown apart from its voice.
 */
export interface ChatLine {
  /** Stable across the turn (React key), while `id` becomes the server's id once it is known. */
  uid: string;
  id: string;
  role: 'user' | 'pet' | 'notice';
  /** For notices: which one ('crisis' and 'concern' for the safety part's notices). */
  kind?: NoticeKind | 'crisis' | 'concern';
  content: string;
  emotion: string | null;
  status: 'ok' | 'pending' | 'failed' | 'streaming';
  /** When it was written (ISO); null for the greeting shown before the first message. */
  createdAt: string | null;
  /** The chat session from the history (null for lines written here and not reloaded yet). */
  sessionId: string | null;
  /** The turn's idempotency key (the user message and its reply share it). */
  key: string | null;
  /** On a user line whose reply never came: it failed, or it was cut off (still pending after a reload). */
  missing?: 'failed' | 'cut-off';
}

export interface ChatState {
  lines: ChatLine[];
  /** The turn in flight or the failed one; retrying sends the same text with the same key. */
  turn: { text: string; key: string; userLineId: string } | null;
  phase: 'idle' | 'sending' | 'failed';
  error: ChatErrorInfo | null;
  /** The pet's latest emotion. */
  emotion: string | null;
}

export type ChatAction =
  | { type: 'history'; messages: Message[] }
  /** An earlier page of the history (older messages), shown above what is there. */
  | { type: 'earlier'; messages: Message[] }
  /** The pet's greeting shown in an empty chat before the user writes (the first turn then stores it). */
  | { type: 'opening'; text: string }
  | { type: 'send'; text: string; key: string; at?: string }
  | { type: 'retry' }
  | { type: 'part'; part: ChatPart }
  | { type: 'fail'; error: ChatErrorInfo };

export const initialChatState: ChatState = {
  lines: [],
  turn: null,
  phase: 'idle',
  error: null,
  emotion: null,
};

const replyId = (key: string) => `reply:${key}`;
/** The greeting shown before the first message; the turn's own greeting part takes its place. */
const OPENING = 'opening';

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'history': {
      const lines = historyLines(action.messages);
      // Lines sent while the history loaded stay after it.
      const known = new Set(lines.map((l) => l.id));
      const local = state.lines.filter((l) => !known.has(l.id) && l.id !== OPENING);
      const lastPet = [...lines].reverse().find((l) => l.role === 'pet' && l.emotion);
      const next = {
        ...state,
        lines: [...lines, ...local],
        emotion: state.emotion ?? lastPet?.emotion ?? null,
      };
      return state.phase === 'idle' && local.length === 0 ? withUnansweredTurn(next) : next;
    }
    case 'earlier': {
      const known = new Set(state.lines.map((l) => l.id));
      const older = historyLines(action.messages).filter((l) => !known.has(l.id));
      return older.length === 0 ? state : { ...state, lines: [...older, ...state.lines] };
    }
    case 'opening': {
      if (state.lines.length > 0 || action.text.trim() === '') return state;
      return {
        ...state,
        lines: [
          {
            uid: OPENING,
            id: OPENING,
            role: 'pet',
            content: action.text,
            emotion: null,
            status: 'ok',
            createdAt: null,
            sessionId: null,
            key: null,
          },
        ],
      };
    }
    case 'send': {
      if (state.phase === 'sending') return state;
      const userLineId = `local:${action.key}`;
      const at = action.at ?? null;
      return {
        ...state,
        lines: [
          ...state.lines,
          {
            uid: userLineId,
            id: userLineId,
            role: 'user',
            content: action.text,
            emotion: null,
            status: 'pending',
            createdAt: at,
            sessionId: null,
            key: action.key,
          },
          {
            uid: replyId(action.key),
            id: replyId(action.key),
            role: 'pet',
            content: '',
            emotion: null,
            status: 'streaming',
            createdAt: at,
            sessionId: null,
            key: action.key,
          },
        ],
        turn: { text: action.text, key: action.key, userLineId },
        phase: 'sending',
        error: null,
      };
    }
    case 'retry': {
      if (state.phase !== 'failed' || !state.turn) return state;
      const { turn } = state;
      const user = state.lines.find((l) => l.id === turn.userLineId);
      return {
        ...state,
        lines: [
          ...state.lines
            // The failed reply goes: the one being retried, or a cut-off one from the history.
            .filter((l) => l.id !== replyId(turn.key) && !(l.role === 'pet' && l.key === turn.key))
            .map((l) =>
              l.id === turn.userLineId ? withoutMissing({ ...l, status: 'pending' as const }) : l,
            ),
          {
            uid: replyId(turn.key),
            id: replyId(turn.key),
            role: 'pet',
            content: '',
            emotion: null,
            status: 'streaming',
            createdAt: user?.createdAt ?? null,
            sessionId: user?.sessionId ?? null,
            key: turn.key,
          },
        ],
        phase: 'sending',
        error: null,
      };
    }
    case 'part':
      return applyPart(state, action.part);
    case 'fail':
      return failTurn(state, action.error);
  }
}

function applyPart(state: ChatState, part: ChatPart): ChatState {
  const turn = state.turn;
  if (!turn || state.phase !== 'sending') return state;
  const reply = replyId(turn.key);
  const updateReply = (fn: (line: ChatLine) => ChatLine) =>
    state.lines.map((l) => (l.id === reply ? fn(l) : l));
  switch (part.type) {
    case 'turn-start': {
      const lines = state.lines.map((l) =>
        l.id === turn.userLineId ? { ...l, id: part.userMessageId, status: 'ok' as const } : l,
      );
      return { ...state, lines, turn: { ...turn, userLineId: part.userMessageId } };
    }
    case 'greeting': {
      // The pet's greeting opens the first session: it goes before the user's first message.
      const at = state.lines.findIndex((l) => l.id === turn.userLineId);
      const greeting: ChatLine = {
        uid: `greeting:${turn.key}`,
        id: `greeting:${turn.key}`,
        role: 'pet',
        content: part.text,
        emotion: null,
        status: 'ok',
        createdAt: state.lines[at]?.createdAt ?? null,
        sessionId: state.lines[at]?.sessionId ?? null,
        key: null,
      };
      if (at === -1 || state.lines.some((l) => l.id === greeting.id)) return state;
      const lines = state.lines.filter((l) => l.id !== OPENING);
      const userAt = lines.findIndex((l) => l.id === turn.userLineId);
      return { ...state, lines: [...lines.slice(0, userAt), greeting, ...lines.slice(userAt)] };
    }
    case 'safety':
      // Crisis lines and the gentler concern notice are both shown, apart from the pet's voice.
      return part.notice
        ? insertNotice(state, turn.key, part.crisis ? 'crisis' : part.level, part.notice)
        : state;
    case 'notice':
      return insertNotice(state, turn.key, part.kind, part.text);
    case 'emotion':
      return {
        ...state,
        emotion: part.emotion,
        lines: updateReply((l) => ({ ...l, emotion: part.emotion })),
      };
    case 'text-delta':
      return { ...state, lines: updateReply((l) => ({ ...l, content: l.content + part.text })) };
    case 'finish':
      return {
        ...state,
        lines: updateReply((l) => ({
          ...l,
          id: part.replyMessageId,
          content: part.text,
          emotion: part.emotion,
          status: 'ok',
        })),
        emotion: part.emotion,
        turn: null,
        phase: 'idle',
      };
    case 'error':
      return failTurn(state, part.error);
    case 'context':
      return state;
  }
}

/** A notice goes right before the reply it came with; a retried turn does not repeat it. */
function insertNotice(
  state: ChatState,
  key: string,
  kind: NoticeKind | 'crisis' | 'concern',
  text: string,
): ChatState {
  const id = `notice:${key}:${kind}`;
  if (state.lines.some((l) => l.id === id)) return state;
  const reply = state.lines.find((l) => l.id === replyId(key));
  const line: ChatLine = {
    uid: id,
    id,
    role: 'notice',
    kind,
    content: text,
    emotion: null,
    status: 'ok',
    createdAt: reply?.createdAt ?? null,
    sessionId: reply?.sessionId ?? null,
    key,
  };
  const at = state.lines.findIndex((l) => l.id === replyId(key));
  const lines =
    at === -1 ? [...state.lines, line] : [...state.lines.slice(0, at), line, ...state.lines.slice(at)];
  return { ...state, lines };
}

function failTurn(state: ChatState, error: ChatErrorInfo): ChatState {
  const turn = state.turn;
  if (!turn) return state;
  const lines = state.lines
    .filter((l) => l.id !== replyId(turn.key))
    .map((l) => (l.id === turn.userLineId ? { ...l, status: 'failed' as const } : l));
  return { ...state, lines, phase: 'failed', error, ...(error.retryable ? {} : { turn: null }) };
}

/**
 * Stored messages -> lines, oldest first. A reply that never came (failed, or still pending: cut off) is
 * not shown as an empty bubble; its user line is marked instead. A partial failed reply stays, marked.
 */
function historyLines(messages: readonly Message[]): ChatLine[] {
  const ordered = [...messages].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const missing = new Map<string, 'failed' | 'cut-off'>();
  for (const m of ordered) {
    if (m.role === 'pet' && m.status !== 'ok' && m.idempotencyKey) {
      missing.set(m.idempotencyKey, m.status === 'pending' ? 'cut-off' : 'failed');
    }
  }
  return ordered
    .filter((m) => m.role === 'user' || m.content.trim() !== '')
    .map((m): ChatLine => {
      const line: ChatLine = {
        uid: m.id,
        id: m.id,
        role: m.role,
        content: m.content,
        emotion: m.emotion,
        status: m.status === 'pending' ? 'failed' : m.status,
        createdAt: m.createdAt,
        sessionId: m.sessionId,
        key: m.idempotencyKey,
      };
      const lost = m.role === 'user' && m.idempotencyKey ? missing.get(m.idempotencyKey) : undefined;
      return lost ? { ...line, status: 'failed', missing: lost } : line;
    });
}

/** After a reload, the last turn's reply that never came can be retried with the same key. */
function withUnansweredTurn(state: ChatState): ChatState {
  const last = [...state.lines].reverse().find((l) => l.role === 'user');
  if (!last?.missing || !last.key) return state;
  return {
    ...state,
    turn: { text: last.content, key: last.key, userLineId: last.id },
    phase: 'failed',
    error: {
      code: last.missing === 'cut-off' ? 'interrupted' : 'earlier',
      message: '',
      retryable: true,
    },
  };
}

function withoutMissing(line: ChatLine): ChatLine {
  const { missing: _, ...rest } = line;
  return rest;
}
