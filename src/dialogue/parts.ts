import type { MemorySubject } from '../core/index.ts';
import type { CrisisLevel, NoticeKind } from '../safety/index.ts';
import type { SectionTokens } from './context/assemble.ts';
import type { Emotion } from './emotion/labels.ts';
import type { ChatErrorInfo } from './errors.ts';

/** What went into the prompt of a turn (for `--json`, debugging and evaluation). */
export interface TurnContext {
  /** The prompt files' id, e.g. `instructions@v1/zh`. */
  promptId: string;
  /** `subject`: `pet` for the pet's own memories (what it did and said), `user` for those about the user. */
  memories: Array<{ id: string; text: string; score: number; subject: MemorySubject }>;
  /** Today's schedule lines that made it into the prompt; `current` marks what the pet is doing now. */
  schedule: Array<{ time: string; title: string; current: boolean }>;
  /** Schedule items whose details (T3) were included. */
  details: Array<{ time: string; title: string }>;
  lore: Array<{ id: string }>;
  /** Kept sections in prompt order with their estimated tokens. */
  sections: SectionTokens[];
  historyMessages: number;
  /** Keys left out to fit the budget (`history:<id>`, `memory:<id>`, `lore:<id>`, section keys...). */
  dropped: string[];
  tokens: {
    /** The system message (instructions, persona, user profile, always-on lore): the same on every turn. */
    system: number;
    /**
     * Everything before the final user turn (the system message and the history): the next turn's prompt
     * starts with it byte for byte (unless the budget or the history window drops a message), so a
     * prefix cache serves it.
     */
    stablePrefix: number;
    history: number;
    /** The turn context (time, mood, day, memories, triggered lore, steering) opening the final user turn. */
    turnContext: number;
    /** The user's own words in the final user turn. */
    user: number;
    total: number;
    budget: number;
  };
  overBudget: boolean;
}

/**
 * The safety assessment of the user's message, when it found a risk. Out of character: the app shows
 * `notice` (crisis lines for the user's locale) clearly apart from the pet's reply, whatever the reply says.
 */
export interface SafetyPart {
  type: 'safety';
  /** True at `crisis` level: `notice` is set. A `concern` only steers the reply. */
  crisis: boolean;
  level: Exclude<CrisisLevel, 'none'>;
  notice: string | null;
}

/** An AI-disclosure, break-reminder or minor-suitability notice, shown by the app outside the pet's voice. */
export interface NoticePart {
  type: 'notice';
  kind: NoticeKind;
  text: string;
}

/** The parts of a chat turn's stream, in the order they can appear. */
export type ChatPart =
  | { type: 'turn-start'; sessionId: string; userMessageId: string; isNewSession: boolean; replayed: boolean }
  /** The pet's greeting, once, at the start of the user's first session with this pet. */
  | { type: 'greeting'; text: string }
  /** Before any text of the reply. Also sent, from the patterns alone, before a limit error or a replay. */
  | SafetyPart
  | NoticePart
  | { type: 'context'; context: TurnContext }
  | { type: 'text-delta'; text: string }
  /** Sent once per reply: as soon as the leading label is read, or at the end from the reply text. */
  | { type: 'emotion'; emotion: Emotion }
  | { type: 'finish'; replyMessageId: string; text: string; emotion: Emotion }
  | { type: 'error'; error: ChatErrorInfo };
