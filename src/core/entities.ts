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

/** Whose experience a memory records: the user's (what they told the pet) or the pet's own. */
export const MEMORY_SUBJECTS = ['user', 'pet'] as const;
export type MemorySubject = (typeof MEMORY_SUBJECTS)[number];

/**
 * What kind of thing a memory is, when it matters to the program: `day` (an item of the pet's simulated day),
 * `promise` / `plan` (something the pet said it will do), `opinion` / `shared` (what the pet said about
 * itself), `upcoming` (an event in the user's life with a date). null for an ordinary fact.
 */
export const MEMORY_KINDS = ['day', 'promise', 'plan', 'opinion', 'shared', 'upcoming'] as const;
export type MemoryKind = (typeof MEMORY_KINDS)[number];

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
  /** `pet` for the pet's own experiences (its days, what it said about itself); `user` otherwise. */
  subject: MemorySubject;
  kind: MemoryKind | null;
  /** YYYY-MM-DD: when a promise, plan or upcoming event falls due (the owner's local date); null otherwise. */
  dueOn: string | null;
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

export type ModelPurpose =
  | 'chat'
  | 'memory'
  | 'world'
  | 'judge'
  | 'safety'
  | 'persona'
  | 'embed'
  | 'reflection'
  | 'proactive'
  | 'other';

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

/** A high-level reflection distilled from recent pet and user memories (iPET: behaviour guided by reflections). */
export const REFLECTION_SCOPES = ['nightly', 'weekly'] as const;
export type ReflectionScope = (typeof REFLECTION_SCOPES)[number];
export const REFLECTION_TOPICS = ['storyline', 'relationship', 'anticipation'] as const;
export type ReflectionTopic = (typeof REFLECTION_TOPICS)[number];

export interface Reflection {
  id: string;
  petId: string;
  userId: string;
  scope: ReflectionScope;
  topic: ReflectionTopic;
  text: string;
  /** The local dates the reflection covers (inclusive). */
  periodStart: string;
  periodEnd: string;
  /** 1, 2, ... per pair and scope: each run stores a new version; older ones stay as history. */
  version: number;
  promptVersion: string;
  model: string;
  createdAt: Date;
}

/** A message the pet starts: planned the night before, delivered at `dueAt` into the chat. */
export const PROACTIVE_STATUSES = ['planned', 'delivered', 'skipped'] as const;
export type ProactiveStatus = (typeof PROACTIVE_STATUSES)[number];

export interface ProactiveMessage {
  id: string;
  userId: string;
  petId: string;
  /** The owner's local date it was planned for. */
  date: string;
  /** Position within the date's plan (0, 1, ...): with `date`, makes planning idempotent. */
  position: number;
  dueAt: Date;
  text: string;
  /** What it is grounded in: a day item ("10:00 Beach walk") or a memory id. */
  groundedIn: string;
  status: ProactiveStatus;
  /** Why it was not sent (quiet hours, cap, opt-out, filter...); null otherwise. */
  skipReason: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  /** The chat message it became once delivered. */
  messageId: string | null;
  readAt: Date | null;
}
