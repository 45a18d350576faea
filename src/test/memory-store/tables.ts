import type {
  ChatSession,
  CounterSample,
  FriendProfile,
  Memory,
  Message,
  ModelUsageRecord,
  Pet,
  PetMood,
  ProactiveMessage,
  Reflection,
  StoredEmbedding,
  User,
  UserToken,
  WorldDay,
} from '../../core/index.ts';
import { DatabaseError } from '../../store/index.ts';

/** A memory and its vector, as one row of the `memories` table. */
export interface MemoryRow {
  memory: Memory;
  embedding: StoredEmbedding | null;
}

/** A product event as stored: the ids other than the user's travel in `data`, as in the SQL table. */
export interface EventRow {
  id: number;
  userId: string | null;
  kind: string;
  variant: string | null;
  at: Date;
  data: Record<string, unknown>;
}

export type UsageRow = ModelUsageRecord & { id: number };

/** A rate-limit bucket: GCRA arrival time and the quota's period count. */
export interface LimitRow {
  userId: string;
  tat: number;
  period: string | null;
  used: number;
}

/**
 * The rows of an in-memory store, one map per table of the SQL schema, in insertion order (which is what breaks
 * ties where the SQL store uses an identity column). Tests may read them; writes go through the ports.
 */
export interface Tables {
  users: Map<string, User>;
  tokens: Map<string, UserToken>;
  pets: Map<string, Pet>;
  /** Keyed `${petId}/${userId}`. */
  moods: Map<string, PetMood>;
  friends: Map<string, FriendProfile>;
  /** The friend ids of each pet, in position order (`pet_friends`). */
  links: Map<string, string[]>;
  sessions: Map<string, ChatSession>;
  messages: Map<string, Message>;
  memories: Map<string, MemoryRow>;
  /** `${model}/${dimensions}` of each vector index asked for, in order. */
  vectorIndexes: string[];
  /** Keyed `${petId}/${date}`. */
  days: Map<string, WorldDay>;
  usage: UsageRow[];
  events: EventRow[];
  reflections: Map<string, Reflection & { position: number }>;
  proactive: Map<string, ProactiveMessage>;
  /** Keyed `${scope}/${userId}` (`rate_limits`). */
  limits: Map<string, LimitRow>;
  /** Keyed by `counterKey` (`metric_counters`). */
  counters: Map<string, CounterSample>;
  /** Last value of the identity columns (usage, events). */
  serial: number;
}

export function createTables(): Tables {
  return {
    users: new Map(),
    tokens: new Map(),
    pets: new Map(),
    moods: new Map(),
    friends: new Map(),
    links: new Map(),
    sessions: new Map(),
    messages: new Map(),
    memories: new Map(),
    vectorIndexes: [],
    days: new Map(),
    usage: [],
    events: [],
    reflections: new Map(),
    proactive: new Map(),
    limits: new Map(),
    counters: new Map(),
    serial: 0,
  };
}

/** A copy the caller may change without touching the table (PostgreSQL returns fresh rows, too). */
export const copy = <T>(value: T): T => structuredClone(value);

/** What a jsonb column keeps of a value: no undefined fields, no class instances. */
export const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Rows in a stable order: `compare` first, insertion order on ties (Array#sort is stable). */
export function sorted<T>(rows: Iterable<T>, compare: (a: T, b: T) => number): T[] {
  return [...rows].sort(compare);
}

export const time = (d: Date | null): number => (d === null ? Number.NEGATIVE_INFINITY : d.getTime());
export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** What PostgreSQL raises for a failed constraint, as the SQL store reports it (`DatabaseError`, SQLSTATE). */
export function constraintError(
  operation: string,
  kind: 'check' | 'foreign_key' | 'unique',
  table: string,
  constraint: string,
): DatabaseError {
  const code = { check: '23514', foreign_key: '23503', unique: '23505' }[kind];
  return new DatabaseError(operation, { code, table, constraint });
}

/** Removes a message; replies pointing at it lose the link (`on delete set null`). */
function dropMessage(t: Tables, id: string): void {
  t.messages.delete(id);
  for (const p of t.proactive.values()) if (p.messageId === id) p.messageId = null;
  for (const m of t.messages.values()) if (m.replyToId === id) m.replyToId = null;
}

/** Removes a memory; memories it superseded keep their date but lose the link (`on delete set null`). */
export function dropMemory(t: Tables, id: string): void {
  t.memories.delete(id);
  for (const row of t.memories.values()) {
    if (row.memory.supersededById === id) row.memory.supersededById = null;
  }
}

function dropSession(t: Tables, id: string): void {
  t.sessions.delete(id);
  for (const m of [...t.messages.values()]) if (m.sessionId === id) dropMessage(t, m.id);
  for (const row of t.memories.values()) {
    if (row.memory.sourceSessionId === id) row.memory.sourceSessionId = null;
  }
}

/** Deletes a pet and what cascades from it; usage records keep their numbers with no pet. */
export function dropPet(t: Tables, id: string): void {
  t.pets.delete(id);
  t.links.delete(id);
  for (const [key, mood] of t.moods) if (mood.petId === id) t.moods.delete(key);
  for (const s of [...t.sessions.values()]) if (s.petId === id) dropSession(t, s.id);
  for (const m of [...t.messages.values()]) if (m.petId === id) dropMessage(t, m.id);
  for (const row of [...t.memories.values()]) if (row.memory.petId === id) dropMemory(t, row.memory.id);
  for (const [key, day] of t.days) if (day.petId === id) t.days.delete(key);
  for (const [key, r] of t.reflections) if (r.petId === id) t.reflections.delete(key);
  for (const [key, p] of t.proactive) if (p.petId === id) t.proactive.delete(key);
  for (const u of t.usage) if (u.petId === id) u.petId = null;
}

/** Deletes a user and every row that references them (the schema's `on delete cascade`). */
export function dropUser(t: Tables, id: string): void {
  t.users.delete(id);
  for (const [key, token] of t.tokens) if (token.userId === id) t.tokens.delete(key);
  for (const pet of [...t.pets.values()]) if (pet.ownerId === id) dropPet(t, pet.id);
  for (const [key, mood] of t.moods) if (mood.userId === id) t.moods.delete(key);
  for (const s of [...t.sessions.values()]) if (s.userId === id) dropSession(t, s.id);
  for (const m of [...t.messages.values()]) if (m.userId === id) dropMessage(t, m.id);
  for (const row of [...t.memories.values()]) if (row.memory.userId === id) dropMemory(t, row.memory.id);
  for (const [key, day] of t.days) if (day.userId === id) t.days.delete(key);
  for (const [key, r] of t.reflections) if (r.userId === id) t.reflections.delete(key);
  for (const [key, p] of t.proactive) if (p.userId === id) t.proactive.delete(key);
  for (const [key, l] of t.limits) if (l.userId === id) t.limits.delete(key);
  removeWhere(t.usage, (u) => u.userId === id);
  removeWhere(t.events, (e) => e.userId === id);
}

function removeWhere<T>(rows: T[], drop: (row: T) => boolean): void {
  for (let i = rows.length - 1; i >= 0; i--) if (drop(rows[i]!)) rows.splice(i, 1);
}
