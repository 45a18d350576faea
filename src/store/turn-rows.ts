import { type SQL, sql } from 'drizzle-orm';
import type {
  ChatSession,
  Message,
  PetMood,
  RateLimitRepository,
  TurnClosing,
  TurnOpening,
  TurnState,
} from '../core/index.ts';
import { ConflictError, NotFoundError, RateLimitedError } from '../core/index.ts';
import { type Db, isForeignKeyViolation, isUniqueViolation } from './db.ts';
import { toPet } from './pet-repository.ts';
import { refusalOf, takenCte } from './rate-limit-repository.ts';
import type { MessageRow, PetRow, UserRow } from './schema.ts';
import { toUser } from './user-repository.ts';

/**
 * A chat turn's reads and writes as single statements: one query loads everything the turn needs about the
 * pair (rows come back as jsonb, one column each), one writes its opening rows and one its closing rows
 * (data-modifying CTEs), so the hot path costs one round trip each instead of one per row.
 */
type Json = Record<string, unknown>;

const dateOrNull = (value: unknown) =>
  value === null || value === undefined ? null : new Date(value as string);

/** A table row read as jsonb, as drizzle would map it: camelCase keys, `*_at` columns as dates. */
function tableRow<Row>(j: Json): Row {
  return Object.fromEntries(
    Object.entries(j).map(([column, value]) => [
      column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
      column.endsWith('_at') ? dateOrNull(value) : value,
    ]),
  ) as Row;
}

/** A message row as the repository returns it: without the insertion-order `seq` and the reply's lease. */
export function toMessage(row: MessageRow): Message {
  const { seq: _seq, leaseUntil: _lease, ...message } = row;
  return message;
}

/** `now()` plus `ms` milliseconds: leases are read and written on the database's clock, one for all processes. */
export const leaseEnd = (ms: number) =>
  sql`(now() + ${Math.max(0, Math.floor(ms))}::int * interval '1 millisecond')`;

const sessionOf = (j: Json) => tableRow<ChatSession>(j);
const messageOf = (j: Json) => toMessage(tableRow<MessageRow>(j));

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

export async function loadTurn(
  db: Db,
  q: { userId: string; petId: string; recentLimit: number; idempotencyKey: string | null },
): Promise<TurnState> {
  const { userId, petId } = q;
  const limit = Math.max(0, Math.floor(q.recentLimit));
  const key = q.idempotencyKey;
  const pair = sql`m.user_id = ${userId} and m.pet_id = ${petId}`;
  const keyed = sql`select k.* from messages k where k.user_id = ${userId} and k.pet_id = ${petId}
    and k.role = 'user' and k.idempotency_key = ${key}::text`;
  const result = await db.execute(sql`select
    (select to_jsonb(u) from users u where u.id = ${userId}) as "user",
    (select to_jsonb(p) from pets p where p.id = ${petId} and p.owner_id = ${userId}) as pet,
    (select to_jsonb(pm) from pet_moods pm where pm.pet_id = ${petId} and pm.user_id = ${userId}) as mood,
    (select to_jsonb(s) from chat_sessions s where s.user_id = ${userId} and s.pet_id = ${petId}
      order by s.started_at desc, s.last_message_at desc limit 1) as latest,
    (select coalesce(jsonb_agg(to_jsonb(r) order by r.created_at, r.seq), '[]'::jsonb)
      from (select * from messages m where ${pair} order by m.created_at desc, m.seq desc
        limit ${limit}::int) r) as recent,
    (select count(*)::int from messages m where ${pair}) as message_count,
    (select to_jsonb(k) from (${keyed}) k) as prior_user,
    (select to_jsonb(r) || jsonb_build_object('leased', r.status = 'pending' and r.lease_until > now())
      from messages r where r.role = 'pet' and r.reply_to_id = (select k.id from (${keyed}) k)
      order by r.created_at desc, r.seq desc limit 1) as prior_reply,
    (select to_jsonb(s) from chat_sessions s where s.id = (select k.session_id from (${keyed}) k))
      as prior_session,
    (select coalesce(jsonb_agg(to_jsonb(o)), '[]'::jsonb) from (
      select distinct on (s.pet_id) s.* from chat_sessions s join pets p on p.id = s.pet_id
      where s.user_id = ${userId} and p.owner_id = ${userId} and s.pet_id <> ${petId}
      order by s.pet_id, s.started_at desc, s.last_message_at desc) o) as others`);
  const [row] = rowsOf<Record<string, unknown>>(result);
  if (!row) throw new Error('loadTurn returned no row');
  const user = row.user as Json | null;
  const pet = row.pet as Json | null;
  const priorUser = row.prior_user as Json | null;
  const { leased, ...priorReply } = (row.prior_reply as Json | null) ?? { leased: false };
  return {
    user: user ? toUser(tableRow<UserRow>(user)) : null,
    pet: pet ? toPet(tableRow<PetRow>(pet)) : null,
    mood: row.mood ? tableRow<PetMood>(row.mood as Json) : null,
    latestSession: row.latest ? sessionOf(row.latest as Json) : null,
    recent: (row.recent as Json[]).map(messageOf),
    messageCount: Number(row.message_count),
    prior: priorUser
      ? {
          userMessage: messageOf(priorUser),
          reply: row.prior_reply ? messageOf(priorReply) : null,
          session: row.prior_session ? sessionOf(row.prior_session as Json) : null,
          replyLeased: leased === true,
        }
      : null,
    otherSessions: (row.others as Json[]).map(sessionOf),
  };
}

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * The opening rows in one statement. With `rows.limit`, the take from the user's rate limit is part of it
 * (`takenCte`) and every write is gated on it, so a turn costs no extra round trip for its limit; with
 * limits kept elsewhere (`external`, Redis), they are taken there first.
 */
export async function beginTurn(
  db: Db,
  rows: TurnOpening,
  external?: RateLimitRepository,
): Promise<Message[]> {
  if (rows.messages.length === 0) throw new Error('beginTurn needs at least one message');
  if (rows.limit && external) {
    const outcome = await external.take(rows.limit);
    if (!outcome.ok) throw new RateLimitedError(outcome);
  }
  const limit = rows.limit && !external ? rows.limit : null;
  const ctes: SQL[] = limit ? [takenCte(limit)] : [];
  const gate = limit ? sql` and exists (select 1 from taken)` : sql``;
  if (rows.closeSession) {
    const { id, at: when } = rows.closeSession;
    ctes.push(sql`closed as (update chat_sessions set closed_at = ${at(when)}
      where id = ${id} and closed_at is null${gate} returning id)`);
  }
  if (rows.createSession) {
    const s = rows.createSession;
    const maybe = (d: Date | null) => (d ? at(d) : sql`null::timestamptz`);
    ctes.push(sql`created as (insert into chat_sessions
      (id, user_id, pet_id, started_at, last_message_at, closed_at, extracted_at)
      select ${s.id}::text, ${s.userId}::text, ${s.petId}::text, ${at(s.startedAt)}, ${at(s.lastMessageAt)},
        ${maybe(s.closedAt)}, ${maybe(s.extractedAt)} where true${gate} returning id)`);
  }
  if (rows.touchSession) {
    const { id, at: when } = rows.touchSession;
    ctes.push(sql`touched as (update chat_sessions set last_message_at = ${at(when)}
      where id = ${id}${gate} returning id)`);
  }
  // One INSERT writes its VALUES rows in order, so `seq` keeps greeting < message < reply. The pending
  // reply carries the turn's lease.
  const lease = (m: Message) =>
    m.status === 'pending' && rows.leaseMs !== undefined ? leaseEnd(rows.leaseMs) : sql`null::timestamptz`;
  const values = sql.join(
    rows.messages.map(
      (m) => sql`(${m.id}::text, ${m.sessionId}::text, ${m.userId}::text, ${m.petId}::text, ${m.role}::text,
        ${m.content}::text, ${m.emotion}::text, ${m.status}::text, ${m.idempotencyKey}::text,
        ${m.replyToId}::text, ${m.error}::text, ${at(m.createdAt)}, ${lease(m)})`,
    ),
    sql`, `,
  );
  const statement = sql`${ctes.length > 0 ? sql`with ${sql.join(ctes, sql`, `)} ` : sql``}insert into messages
    (id, session_id, user_id, pet_id, role, content, emotion, status, idempotency_key, reply_to_id, error,
     created_at, lease_until)
    ${limit ? sql`select * from (values ${values}) as v where exists (select 1 from taken)` : sql`values ${values}`}
    returning id`;
  try {
    const written = rowsOf<{ id: string }>(await db.execute(statement));
    if (limit && written.length === 0) throw new RateLimitedError(await refusalOf(db, limit));
    // Nothing is filled in by the database but `seq`, which messages do not carry.
    return rows.messages.map((m) => ({ ...m }));
  } catch (error) {
    if (isUniqueViolation(error, 'messages_idempotency_idx')) {
      throw new ConflictError('a message with this idempotency key already exists', {
        cause: error,
        hint: 'look it up with findByIdempotencyKey and reuse it',
      });
    }
    if (isUniqueViolation(error))
      throw new ConflictError('a row of this turn already exists', { cause: error });
    if (isForeignKeyViolation(error)) {
      throw new NotFoundError('session', rows.messages[0]?.sessionId ?? rows.createSession?.id ?? '');
    }
    throw error;
  }
}

export async function finishTurn(db: Db, rows: TurnClosing): Promise<void> {
  const reply = sql`reply as (update messages set status = 'ok', content = ${rows.content},
    emotion = ${rows.emotion}, error = null, lease_until = null where id = ${rows.replyId} returning id)`;
  const touched = sql`touched as (update chat_sessions set last_message_at = ${at(rows.at)}
    where id = ${rows.sessionId} returning id)`;
  const m = rows.mood;
  const main = m
    ? sql`insert into pet_moods (pet_id, user_id, emotion, intensity, updated_at)
        values (${m.petId}, ${m.userId}, ${m.emotion}, ${m.intensity}, ${at(m.updatedAt)})
        on conflict (pet_id, user_id) do update set emotion = excluded.emotion,
          intensity = excluded.intensity, updated_at = excluded.updated_at`
    : sql`select 1`;
  await db.execute(sql`with ${reply}, ${touched} ${main}`);
}
