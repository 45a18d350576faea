import type { CrisisLevel } from '../safety/index.ts';
import { type ChatDeps, type ChatInput, chat } from './chat.ts';
import { ChatTurnError } from './chat-turn-error.ts';
import type { Emotion } from './emotion/labels.ts';
import type { NoticePart, SafetyPart, TurnContext } from './parts.ts';

export interface ChatResult {
  reply: string;
  emotion: Emotion;
  sessionId: string;
  isNewSession: boolean;
  userMessageId: string;
  replyMessageId: string;
  /** The pet's greeting when this turn opened the user's first session with it. */
  greeting: string | null;
  /** What went into the prompt; null when the reply was replayed from an earlier attempt with the same key. */
  context: TurnContext | null;
  replayed: boolean;
  /** The crisis assessment: `notice` (out of character, with crisis lines) is set when `crisis` is. */
  safety: { crisis: boolean; level: CrisisLevel; notice: string | null };
  /** Disclosure, break and suitability notices due with this reply, in display order. */
  notices: Array<Omit<NoticePart, 'type'>>;
}

/**
 * A whole turn collected (for `ipet chat --message` and `--json`). Throws ChatTurnError on an error part,
 * carrying the turn's safety part when there was one, so the crisis notice can still be shown.
 */
export async function chatOnce(deps: ChatDeps, input: ChatInput): Promise<ChatResult> {
  let start: { sessionId: string; userMessageId: string; isNewSession: boolean; replayed: boolean } | null =
    null;
  let greeting: string | null = null;
  let context: TurnContext | null = null;
  let safety: SafetyPart | null = null;
  const notices: ChatResult['notices'] = [];
  for await (const part of chat(deps, input)) {
    switch (part.type) {
      case 'turn-start':
        start = part;
        break;
      case 'greeting':
        greeting = part.text;
        break;
      case 'safety':
        safety = part;
        break;
      case 'notice':
        notices.push({ kind: part.kind, text: part.text });
        break;
      case 'context':
        context = part.context;
        break;
      case 'error':
        throw new ChatTurnError(part.error, safety);
      case 'finish':
        if (!start) break;
        return {
          reply: part.text,
          emotion: part.emotion,
          sessionId: start.sessionId,
          isNewSession: start.isNewSession,
          userMessageId: start.userMessageId,
          replyMessageId: part.replyMessageId,
          greeting,
          context,
          replayed: start.replayed,
          safety: safety
            ? { crisis: safety.crisis, level: safety.level, notice: safety.notice }
            : { crisis: false, level: 'none', notice: null },
          notices,
        };
    }
  }
  throw new ChatTurnError(
    { code: 'internal', message: 'the chat stream ended without a reply', retryable: true },
    safety,
  );
}
