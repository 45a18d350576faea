import type { PetProfile, UserProfile } from './profiles.ts';

/** Row-independent domain entities. The store maps its tables to these. */

export interface User extends UserProfile {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  /** Opt-in to the user's conversations being used as training data; false until the user turns it on. */
  trainingConsent: boolean;
  /** When the consent last changed (given or withdrawn); null while never set. */
  trainingConsentAt: Date | null;
}

/** A user as created: consent starts off (not given), so it is never part of the input. */
export type NewUser = Omit<User, 'trainingConsent' | 'trainingConsentAt'>;

export interface Pet {
  id: string;
  ownerId: string;
  profile: PetProfile;
  /** Opaque data kept for round trips (character card extensions, avatar...). */
  extensions: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface ChatSession {
  id: string;
  userId: string;
  petId: string;
  startedAt: Date;
  lastMessageAt: Date;
  closedAt: Date | null;
  /** Set once memory extraction ran for this session; a session is never extracted twice. */
  extractedAt: Date | null;
}

export type MessageRole = 'user' | 'pet';
/** `pending`: the reply is being generated; `failed`: the model call failed, the turn can be retried. */
export type MessageStatus = 'ok' | 'pending' | 'failed';

export interface Message {
  id: string;
  sessionId: string;
  userId: string;
  petId: string;
  role: MessageRole;
  content: string;
  emotion: string | null;
  status: MessageStatus;
  /** Client-chosen key: retrying a turn with the same key never creates a second message or reply. */
  idempotencyKey: string | null;
  /** For pet messages: the user message this replies to. */
  replyToId: string | null;
  error: string | null;
  createdAt: Date;
}

export const MEMORY_CATEGORIES = ['permanent', 'long_term', 'short_term'] as const;
export type MemoryCategory = (typeof MEMORY_CATEGORIES)[number];

export interface Memory {
  id: string;
  userId: string;
  petId: string;
  text: string;
  category: MemoryCategory;
  /** When the remembered thing happened or was said. */
  occurredAt: Date;
  createdAt: Date;
  /** null for permanent memories. */
  expiresAt: Date | null;
  /** Set when a newer memory contradicts this one; the old one stays visible in history. */
  supersededAt: Date | null;
  supersededById: string | null;
  sourceSessionId: string | null;
  externalId: string | null;
  embeddingModel: string | null;
}

export interface ScheduleItem {
  /** HH:MM in the owner's timezone. */
  time: string;
  /** 2 to 5 words. */
  title: string;
  /** About 50 words. */
  detail: string;
}

export const WORLD_MODES = ['normal', 'memory'] as const;
export type WorldMode = (typeof WORLD_MODES)[number];
export const WORLD_METHODS = ['world-sim', 'direct', 'no-outline', 'basic-info'] as const;
export type WorldMethod = (typeof WORLD_METHODS)[number];

export interface TokenUsage {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** Prompt tokens that fall in a prefix shared with another call of the same day (cacheable). */
  sharedPrefixTokens?: number;
}

export interface WorldDay {
  id: string;
  petId: string;
  userId: string;
  /** YYYY-MM-DD in the owner's timezone. */
  date: string;
  mode: WorldMode;
  method: WorldMethod;
  outline: string;
  schedule: ScheduleItem[];
  promptVersion: string;
  model: string;
  usage: TokenUsage;
  createdAt: Date;
  /** Why the day is incomplete (a stage kept an imperfect answer, items were dropped); null or absent when not. */
  degraded?: DayDegradation | null;
}

/** A day kept although part of it could not be generated as asked: usable, with the reasons stated. */
export interface DayDegradation {
  reasons: string[];
}

export interface FriendProfile {
  id: string;
  name: string;
  kind: string;
  personality: string;
  relationship: string;
  description: string;
  createdAt: Date;
}

export type ModelPurpose = 'chat' | 'memory' | 'world' | 'judge' | 'safety' | 'persona' | 'embed' | 'other';

export interface ModelUsageRecord {
  purpose: ModelPurpose;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  latencyMs: number;
  timeToFirstTokenMs: number | null;
  ok: boolean;
  userId: string | null;
  petId: string | null;
  at: Date;
}

/** Model calls and tokens of one purpose, counted in memory since the process started. */
export interface UsageCounter {
  calls: number;
  failures: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  totalLatencyMs: number;
}

/** Usage counters by purpose (the model guard's `usage()`, `/metrics`, evaluation reports). */
export type UsageSnapshot = Partial<Record<ModelPurpose, UsageCounter>>;
