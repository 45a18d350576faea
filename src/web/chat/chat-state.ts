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
  /** For notices: which one ('crisis' for the safety part's crisis lines). */
  kind?: NoticeKind | 'crisis';
  content: string;
  emotion: string | null;
  status: 'ok' | 'pending' | 'failed' | 'streaming';
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
  /** The pet's greeting shown in an empty chat before the user writes (the first turn then stores it). */
  | { type: 'opening'; text: string }
  | { type: 'send'; text: string; key: string }
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
      const ordered = [...action.messages].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      const lines: ChatLine[] = ordered
        .filter((m) => m.role === 'user' || m.content.trim() !== '')
        .map((m) => ({
          uid: m.id,
          id: m.id,
          role: m.role,
          content: m.content,
          emotion: m.emotion,
          status: m.status,
        }));
      // Lines sent while the history loaded stay after it.
      const known = new Set(lines.map((l) => l.id));
      const local = state.lines.filter((l) => !known.has(l.id));
      const lastPet = [...lines].reverse().find((l) => l.role === 'pet' && l.emotion);
      return { ...state, lines: [...lines, ...local], emotion: state.emotion ?? lastPet?.emotion ?? null };
    }
    case 'opening': {
      if (state.lines.length > 0 || action.text.trim() === '') return state;
      return {
        ...state,
        lines: [
          { uid: OPENING, id: OPENING, role: 'pet', content: action.text, emotion: null, status: 'ok' },
        ],
      };
    }
    case 'send': {
      if (state.phase === 'sending') return state;
      const userLineId = `local:${action.key}`;
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
          },
          {
            uid: replyId(action.key),
            id: replyId(action.key),
            role: 'pet',
            content: '',
            emotion: null,
            status: 'streaming',
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
      return {
        ...state,
        lines: [
          ...state.lines
            .filter((l) => l.id !== replyId(turn.key))
            .map((l) => (l.id === turn.userLineId ? { ...l, status: 'pending' as const } : l)),
          {
            uid: replyId(turn.key),
            id: replyId(turn.key),
            role: 'pet',
            content: '',
            emotion: null,
            status: 'streaming',
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
      };
      if (at === -1 || state.lines.some((l) => l.id === greeting.id)) return state;
      const lines = state.lines.filter((l) => l.id !== OPENING);
      const userAt = lines.findIndex((l) => l.id === turn.userLineId);
      return { ...state, lines: [...lines.slice(0, userAt), greeting, ...lines.slice(userAt)] };
    }
    case 'safety':
      return part.crisis && part.notice ? insertNotice(state, turn.key, 'crisis', part.notice) : state;
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
function insertNotice(state: ChatState, key: string, kind: NoticeKind | 'crisis', text: string): ChatState {
  const id = `notice:${key}:${kind}`;
  if (state.lines.some((l) => l.id === id)) return state;
  const line: ChatLine = { uid: id, id, role: 'notice', kind, content: text, emotion: null, status: 'ok' };
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
