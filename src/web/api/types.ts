/**
 * The HTTP API's JSON shapes as the browser receives them (dates are ISO strings). These mirror the
 * server's responses; the server is the source of truth.
 */

export type Locale = 'en' | 'zh';
export type AgeBand = 'adult' | 'minor' | 'unknown';

export interface User {
  id: string;
  name: string;
  callName: string;
  timezone: string;
  locale: Locale;
  ageBand: AgeBand;
  interests: string[];
}

export interface NewUser {
  name: string;
  callName?: string;
  timezone: string;
  locale: Locale;
  ageBand?: AgeBand;
  interests?: string[];
}

export interface PetProfile {
  name: string;
  kind: string;
  appearance: string;
  personality: string;
  traits: string[];
  speakingStyle: string;
  catchphrases: string[];
  likes: string[];
  dislikes: string[];
  background: string;
  emotionalTendencies: string;
  exampleLines: string[];
  greeting: string;
}

export type NewPet = Pick<PetProfile, 'name' | 'kind'> & Partial<PetProfile>;

export interface Pet {
  id: string;
  ownerId: string;
  profile: PetProfile;
}

/** What importing a character card created. */
export interface CardImport {
  pet: Pet;
  spec: 'v1' | 'v2' | 'v3';
  from: 'png' | 'json';
  loreEntries: number;
  warnings: string[];
}

export interface Friend {
  id: string;
  name: string;
  kind: string;
  personality: string;
  relationship: string;
  description: string;
}

export interface Mood {
  emotion: string;
  intensity: number;
}

export interface ScheduleItem {
  /** HH:MM in the owner's timezone. */
  time: string;
  title: string;
  /** About 50 words. */
  detail: string;
  /** True for the item the pet is doing now (only on today's schedule). */
  current: boolean;
}

export interface Day {
  date: string;
  mode: string;
  method: string;
  outline: string;
  schedule: ScheduleItem[];
}

export type MessageStatus = 'ok' | 'pending' | 'failed';

export interface Message {
  id: string;
  role: 'user' | 'pet';
  content: string;
  emotion: string | null;
  status: MessageStatus;
  createdAt: string;
}

export type MemoryCategory = 'permanent' | 'long_term' | 'short_term';

export interface Memory {
  id: string;
  petId: string;
  text: string;
  category: MemoryCategory;
  createdAt: string;
  expiresAt: string | null;
}

export interface ChatErrorInfo {
  code: string;
  message: string;
  retryable: boolean;
  hint?: string;
}

export type NoticeKind = 'ai-disclosure' | 'break-reminder' | 'minor-suitability';

/** One server-sent event of a chat turn. */
export type ChatPart =
  | { type: 'turn-start'; sessionId: string; userMessageId: string; isNewSession: boolean }
  | { type: 'greeting'; text: string }
  /** A risk in the user's message; at crisis level `notice` holds crisis lines, shown apart from the reply. */
  | { type: 'safety'; crisis: boolean; level: 'concern' | 'crisis'; notice: string | null }
  /** A notice shown outside the pet's voice. */
  | { type: 'notice'; kind: NoticeKind; text: string }
  | { type: 'context' }
  | { type: 'emotion'; emotion: string }
  | { type: 'text-delta'; text: string }
  | { type: 'finish'; replyMessageId: string; text: string; emotion: string }
  | { type: 'error'; error: ChatErrorInfo };
