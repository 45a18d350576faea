import type { z } from 'zod';
import { portraitVersion, withoutPortraitKeys } from '../cards/index.ts';
import type {
  ChatSession,
  FriendProfile,
  Memory,
  Message,
  Pet,
  User,
  UserToken,
  WorldDay,
} from '../core/index.ts';
import { localDate, localTime } from '../core/index.ts';
import { dayContext } from '../world/index.ts';
import type {
  dayJson,
  friendJson,
  memoryJson,
  messageJson,
  petJson,
  sessionJson,
  tokenJson,
  userJson,
} from './schemas.ts';

/** Entities as the API shows them (dates as ISO strings); each matches its schema in schemas.ts. */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function userView(u: User): z.infer<typeof userJson> {
  return {
    id: u.id,
    name: u.name,
    callName: u.callName,
    timezone: u.timezone,
    locale: u.locale,
    ageBand: u.ageBand,
    interests: u.interests,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
    trainingConsent: u.trainingConsent,
    trainingConsentAt: iso(u.trainingConsentAt),
    proactive: u.proactive,
  };
}

export function petView(p: Pet): z.infer<typeof petJson> {
  return {
    id: p.id,
    ownerId: p.ownerId,
    profile: p.profile,
    // The portrait is served on its own URL, not inlined into every listing.
    extensions: withoutPortraitKeys(p.extensions),
    avatarUrl: avatarUrlOf(p),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** `/api/v1/pets/:id/avatar?v=<version>`, or null when the pet has no portrait. */
export function avatarUrlOf(p: Pet): string | null {
  const version = portraitVersion(p);
  return version ? `/api/v1/pets/${encodeURIComponent(p.id)}/avatar?v=${version}` : null;
}

export function messageView(m: Message): z.infer<typeof messageJson> {
  return {
    id: m.id,
    role: m.role,
    content: m.content,
    emotion: m.emotion,
    status: m.status,
    sessionId: m.sessionId,
    idempotencyKey: m.idempotencyKey,
    createdAt: m.createdAt.toISOString(),
  };
}

export function memoryView(m: Memory): z.infer<typeof memoryJson> {
  return {
    id: m.id,
    petId: m.petId,
    text: m.text,
    category: m.category,
    subject: m.subject,
    kind: m.kind,
    dueOn: m.dueOn,
    createdAt: m.createdAt.toISOString(),
    expiresAt: iso(m.expiresAt),
  };
}

/** The day with `current` marking what the pet is doing at `now` in the owner's timezone. */
export function dayView(day: WorldDay, now: Date, timeZone: string): z.infer<typeof dayJson> {
  const marks = dayContext(day, now, timeZone).schedule;
  return {
    petId: day.petId,
    date: day.date,
    mode: day.mode,
    method: day.method,
    outline: day.outline,
    schedule: day.schedule.map((item, i) => ({
      time: item.time,
      title: item.title,
      detail: item.detail,
      current: marks[i]?.current ?? false,
    })),
    usage: day.usage,
    model: day.model,
    createdAt: day.createdAt.toISOString(),
    degraded: day.degraded ?? null,
    now: localDate(now, timeZone) === day.date ? localTime(now, timeZone) : null,
  };
}

export function friendView(f: FriendProfile): z.infer<typeof friendJson> {
  return {
    id: f.id,
    name: f.name,
    kind: f.kind,
    personality: f.personality,
    relationship: f.relationship,
    description: f.description,
  };
}

export function sessionView(s: ChatSession, messages: Message[]): z.infer<typeof sessionJson> {
  return {
    id: s.id,
    petId: s.petId,
    startedAt: s.startedAt.toISOString(),
    lastMessageAt: s.lastMessageAt.toISOString(),
    closedAt: iso(s.closedAt),
    messages: messages.map(messageView),
  };
}

/** A token as its owner sees it: `current` when `callerHash` (the request's own token) is its hash. */
export function tokenView(t: UserToken, now: Date, callerHash: string): z.infer<typeof tokenJson> {
  return {
    id: t.id,
    label: t.label,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: iso(t.lastUsedAt),
    expiresAt: iso(t.expiresAt),
    expired: t.expiresAt !== null && t.expiresAt.getTime() <= now.getTime(),
    current: t.tokenHash === callerHash,
  };
}
