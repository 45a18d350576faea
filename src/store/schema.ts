/**
 * The database schema, as code. `drizzle-kit generate` turns changes here into SQL migrations under
 * `drizzle/`, which `openStore` applies on start. Every row that belongs to a user cascades on user delete,
 * so erasing a user (GDPR) is one DELETE.
 */
import { type SQL, sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { DayDegradation, PetProfile, ScheduleItem, TokenUsage, UserProfile } from '../core/index.ts';
import { timestamptz, tsvector, vector } from './columns.ts';

const userId = () =>
  text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' });
const petId = () =>
  text('pet_id')
    .notNull()
    .references(() => pets.id, { onDelete: 'cascade' });

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  profile: jsonb('profile').$type<UserProfile>().notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
  /** Opt-in to the user's conversations being used as training data (`ipet dataset from-chats`); off by default. */
  trainingConsent: boolean('training_consent').notNull().default(false),
  /** When the consent last changed (given or withdrawn); null while never set. */
  trainingConsentAt: timestamptz('training_consent_at'),
  /** SHA-256 (hex) of the user's recovery code (signs in from another browser); null: none issued. */
  recoveryCodeHash: text('recovery_code_hash').unique(),
  /** The identity an operator's trusted header names (`IPET_TRUSTED_USER_HEADER`); null: none. */
  externalId: text('external_id').unique(),
});

export const userTokens = pgTable(
  'user_tokens',
  {
    id: text('id').primaryKey(),
    userId: userId(),
    tokenHash: text('token_hash').notNull().unique(),
    label: text('label'),
    createdAt: timestamptz('created_at').notNull(),
    lastUsedAt: timestamptz('last_used_at'),
    /** When the token stops working; null: until revoked. */
    expiresAt: timestamptz('expires_at'),
  },
  (t) => [index('user_tokens_user_idx').on(t.userId)],
);

export const pets = pgTable(
  'pets',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    profile: jsonb('profile').$type<PetProfile>().notNull(),
    extensions: jsonb('extensions').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [index('pets_owner_idx').on(t.ownerId, t.createdAt)],
);

export const petMoods = pgTable(
  'pet_moods',
  {
    petId: petId(),
    userId: userId(),
    emotion: text('emotion').notNull(),
    intensity: doublePrecision('intensity').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.petId, t.userId] }),
    index('pet_moods_user_idx').on(t.userId),
    check('pet_moods_intensity_range', sql`${t.intensity} >= 0 and ${t.intensity} <= 1`),
  ],
);

/** The pool of generated virtual friends F (paper 2.3), shared by all pets. */
export const friends = pgTable('friends', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  personality: text('personality').notNull(),
  relationship: text('relationship').notNull(),
  description: text('description').notNull(),
  createdAt: timestamptz('created_at').notNull(),
});

export const petFriends = pgTable(
  'pet_friends',
  {
    petId: petId(),
    friendId: text('friend_id')
      .notNull()
      .references(() => friends.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.petId, t.friendId] }), index('pet_friends_friend_idx').on(t.friendId)],
);

export const chatSessions = pgTable(
  'chat_sessions',
  {
    id: text('id').primaryKey(),
    userId: userId(),
    petId: petId(),
    startedAt: timestamptz('started_at').notNull(),
    lastMessageAt: timestamptz('last_message_at').notNull(),
    closedAt: timestamptz('closed_at'),
    extractedAt: timestamptz('extracted_at'),
  },
  (t) => [
    index('chat_sessions_pair_idx').on(t.userId, t.petId, t.startedAt),
    index('chat_sessions_pet_idx').on(t.petId),
    index('chat_sessions_open_idx').on(t.lastMessageAt).where(sql`${t.closedAt} is null`),
    index('chat_sessions_to_extract_idx')
      .on(t.closedAt)
      .where(sql`${t.closedAt} is not null and ${t.extractedAt} is null`),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: text('id').primaryKey(),
    /** Insertion order, to break ties between messages written at the same instant. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    sessionId: text('session_id')
      .notNull()
      .references(() => chatSessions.id, { onDelete: 'cascade' }),
    userId: userId(),
    petId: petId(),
    role: text('role', { enum: ['user', 'pet'] }).notNull(),
    content: text('content').notNull(),
    emotion: text('emotion'),
    status: text('status', { enum: ['ok', 'pending', 'failed'] }).notNull(),
    idempotencyKey: text('idempotency_key'),
    replyToId: text('reply_to_id'),
    error: text('error'),
    createdAt: timestamptz('created_at').notNull(),
    /**
     * A pending reply's lease: its turn holds it until then (renewed while it runs). Once it has run out the
     * turn is dead (its process killed): a retry with the same key takes it over, a sweep marks it failed.
     */
    leaseUntil: timestamptz('lease_until'),
  },
  (t) => [
    foreignKey({ name: 'messages_reply_to_fk', columns: [t.replyToId], foreignColumns: [t.id] }).onDelete(
      'set null',
    ),
    uniqueIndex('messages_idempotency_idx')
      .on(t.userId, t.petId, t.role, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    index('messages_session_idx').on(t.sessionId, t.createdAt, t.seq),
    index('messages_pair_idx').on(t.userId, t.petId, t.createdAt, t.seq),
    index('messages_pet_idx').on(t.petId),
    index('messages_reply_idx').on(t.replyToId),
    index('messages_pending_lease_idx').on(t.leaseUntil).where(sql`${t.status} = 'pending'`),
    check('messages_role_check', sql`${t.role} in ('user', 'pet')`),
    check('messages_status_check', sql`${t.status} in ('ok', 'pending', 'failed')`),
  ],
);

export const memories = pgTable(
  'memories',
  {
    id: text('id').primaryKey(),
    userId: userId(),
    petId: petId(),
    text: text('text').notNull(),
    /** `segmentWords(text).join(' ')`: lower-cased words, Chinese split into words. */
    searchText: text('search_text').notNull(),
    searchVector: tsvector('search_vector')
      .notNull()
      .generatedAlwaysAs((): SQL => sql`to_tsvector('simple'::regconfig, ${memories.searchText})`),
    category: text('category', { enum: ['permanent', 'long_term', 'short_term'] }).notNull(),
    occurredAt: timestamptz('occurred_at').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at'),
    supersededAt: timestamptz('superseded_at'),
    supersededById: text('superseded_by_id'),
    sourceSessionId: text('source_session_id').references(() => chatSessions.id, { onDelete: 'set null' }),
    externalId: text('external_id'),
    /** Any dimension; indexed per model by partial expression HNSW indexes created at run time. */
    embedding: vector('embedding'),
    embeddingModel: text('embedding_model'),
    embeddingDim: integer('embedding_dim'),
    /** `pet`: the pet's own experience (its day, what it said about itself); `user`: about the user. */
    subject: text('subject', { enum: ['user', 'pet'] })
      .notNull()
      .default('user'),
    kind: text('kind', { enum: ['day', 'promise', 'plan', 'opinion', 'shared', 'upcoming'] }),
    /** Owner's local date a promise, plan or upcoming event falls due. */
    dueOn: date('due_on', { mode: 'string' }),
  },
  (t) => [
    foreignKey({
      name: 'memories_superseded_by_fk',
      columns: [t.supersededById],
      foreignColumns: [t.id],
    }).onDelete('set null'),
    index('memories_pair_idx').on(t.userId, t.petId, t.occurredAt),
    index('memories_pet_idx').on(t.petId),
    index('memories_session_idx').on(t.sourceSessionId),
    index('memories_expires_idx').on(t.expiresAt).where(sql`${t.expiresAt} is not null`),
    index('memories_search_idx').using('gin', t.searchVector),
    check('memories_category_check', sql`${t.category} in ('permanent', 'long_term', 'short_term')`),
    check('memories_subject_check', sql`${t.subject} in ('user', 'pet')`),
    index('memories_due_idx').on(t.userId, t.petId, t.dueOn).where(sql`${t.kind} is not null`),
    check(
      'memories_embedding_complete',
      sql`(${t.embedding} is null) = (${t.embeddingModel} is null) and (${t.embedding} is null) = (${t.embeddingDim} is null)`,
    ),
  ],
);

/**
 * Collection statistics of each (user, pet) pair's lexical index, for BM25: how many memories are not
 * superseded and how many search words they hold. Kept by statement triggers on `memories` (see the migration
 * that creates this table), so every writer - bulk loads included - keeps it current. Expired memories count
 * until the sweep deletes them. No foreign keys: a cascade delete of the pair's memories zeroes (and removes)
 * the row through the same triggers.
 */
export const memorySearchStats = pgTable(
  'memory_search_stats',
  {
    userId: text('user_id').notNull(),
    petId: text('pet_id').notNull(),
    docs: bigint('docs', { mode: 'number' }).notNull(),
    words: bigint('words', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.petId] })],
);

export const worldDays = pgTable(
  'world_days',
  {
    id: text('id').primaryKey(),
    petId: petId(),
    userId: userId(),
    date: date('date', { mode: 'string' }).notNull(),
    mode: text('mode', { enum: ['normal', 'memory'] }).notNull(),
    method: text('method', { enum: ['world-sim', 'direct', 'no-outline', 'basic-info'] }).notNull(),
    outline: text('outline').notNull(),
    schedule: jsonb('schedule').$type<ScheduleItem[]>().notNull(),
    promptVersion: text('prompt_version').notNull(),
    model: text('model').notNull(),
    usage: jsonb('usage').$type<TokenUsage>().notNull(),
    createdAt: timestamptz('created_at').notNull(),
    /** Null for a complete day; the reasons when it was kept with parts missing. */
    degraded: jsonb('degraded').$type<DayDegradation>(),
  },
  (t) => [
    uniqueIndex('world_days_pet_date_idx').on(t.petId, t.date),
    index('world_days_user_idx').on(t.userId),
  ],
);

export const modelUsage = pgTable(
  'model_usage',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    purpose: text('purpose').notNull(),
    model: text('model').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    cachedInputTokens: integer('cached_input_tokens').notNull(),
    latencyMs: integer('latency_ms').notNull(),
    timeToFirstTokenMs: integer('ttft_ms'),
    ok: boolean('ok').notNull(),
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** Kept (as null) when the pet is deleted, so costs still add up. */
    petId: text('pet_id').references(() => pets.id, { onDelete: 'set null' }),
    at: timestamptz('at').notNull(),
  },
  (t) => [
    index('model_usage_at_idx').on(t.at),
    index('model_usage_user_idx').on(t.userId, t.at),
    index('model_usage_pet_idx').on(t.petId, t.at),
  ],
);

/** Product analytics (A/B variants, funnels), written by the apps later. */
export const productEvents = pgTable(
  'product_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    variant: text('variant'),
    at: timestamptz('at').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('product_events_kind_idx').on(t.kind, t.at), index('product_events_user_idx').on(t.userId)],
);

/**
 * Reflections (iPET: behaviour "guided by high-level reflections"): each nightly or weekly run stores its
 * items as the pair's next version of that scope; older versions stay as history. A run for a period stored
 * before is not stored again (unique period and position).
 */
export const reflections = pgTable(
  'reflections',
  {
    id: text('id').primaryKey(),
    petId: petId(),
    userId: userId(),
    scope: text('scope', { enum: ['nightly', 'weekly'] }).notNull(),
    topic: text('topic', { enum: ['storyline', 'relationship', 'anticipation'] }).notNull(),
    text: text('text').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    position: integer('position').notNull(),
    version: integer('version').notNull(),
    promptVersion: text('prompt_version').notNull(),
    model: text('model').notNull(),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('reflections_period_idx').on(t.petId, t.userId, t.scope, t.periodEnd, t.position),
    index('reflections_pair_idx').on(t.userId, t.petId, t.createdAt),
  ],
);

/**
 * Messages the pet starts: planned by the night's work for the next day, delivered at `due_at` into the chat
 * (then `message_id` points at the chat message). Unique per pair, date and position, so planning twice is a
 * no-op.
 */
export const proactiveMessages = pgTable(
  'proactive_messages',
  {
    id: text('id').primaryKey(),
    userId: userId(),
    petId: petId(),
    date: date('date', { mode: 'string' }).notNull(),
    position: integer('position').notNull(),
    dueAt: timestamptz('due_at').notNull(),
    text: text('text').notNull(),
    groundedIn: text('grounded_in').notNull(),
    status: text('status', { enum: ['planned', 'delivered', 'skipped'] })
      .notNull()
      .default('planned'),
    skipReason: text('skip_reason'),
    createdAt: timestamptz('created_at').notNull(),
    deliveredAt: timestamptz('delivered_at'),
    messageId: text('message_id').references(() => messages.id, { onDelete: 'set null' }),
    readAt: timestamptz('read_at'),
  },
  (t) => [
    uniqueIndex('proactive_messages_plan_idx').on(t.userId, t.petId, t.date, t.position),
    index('proactive_messages_due_idx').on(t.dueAt).where(sql`${t.status} = 'planned'`),
    index('proactive_messages_pet_idx').on(t.petId),
    check('proactive_messages_status_check', sql`${t.status} in ('planned', 'delivered', 'skipped')`),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type UserTokenRow = typeof userTokens.$inferSelect;
export type PetRow = typeof pets.$inferSelect;
export type PetMoodRow = typeof petMoods.$inferSelect;
export type FriendRow = typeof friends.$inferSelect;
export type ChatSessionRow = typeof chatSessions.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type MemoryRow = typeof memories.$inferSelect;
export type WorldDayRow = typeof worldDays.$inferSelect;
export type ModelUsageRow = typeof modelUsage.$inferSelect;
export type ProductEventRow = typeof productEvents.$inferSelect;
export type ReflectionRow = typeof reflections.$inferSelect;
export type ProactiveMessageRow = typeof proactiveMessages.$inferSelect;

/**
 * Rate limits shared by every process on the database (servers, workers, CLI calls): one row per scope and
 * user. `tat` is the bucket's theoretical arrival time in ms since the epoch (GCRA, `core/rate-bucket.ts`);
 * `period` and `used` count a quota per period (chat turns per local day). Taken by one upsert.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    scope: text('scope').notNull(),
    /** A user id, or another key (`ip:<address>`, `code:<hash prefix>` for sign-in); erasing a user deletes theirs. */
    userId: text('user_id').notNull(),
    tat: doublePrecision('tat').notNull(),
    period: text('period'),
    used: integer('used').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.scope, t.userId] })],
);

/**
 * `/metrics` counters shared by every process: each adds what it counted since its last flush. Labels
 * are route patterns, scopes, kinds and purposes, never ids or text.
 */
export const metricCounters = pgTable(
  'metric_counters',
  {
    name: text('name').notNull(),
    labels: jsonb('labels').$type<Record<string, string>>().notNull(),
    value: doublePrecision('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.name, t.labels] })],
);
