import type { ChatRepository, Message, Pet, PetRepository, User, UserRepository } from '../../core/index.ts';
import { EMOTIONS } from '../../dialogue/index.ts';
import { readItems, writeItems } from '../files.ts';
import { personaSheet } from '../generate/grounding.ts';
import type { DatasetItem, DatasetMessage } from '../record.ts';
import { addCounts, emptyScrubCounts, type ScrubCounts, scrubConversation } from '../scrub.ts';

export interface FromChatsDeps {
  users: Pick<UserRepository, 'list'>;
  pets: Pick<PetRepository, 'listByOwner'>;
  chats: Pick<ChatRepository, 'listSessions' | 'listMessages'>;
}

export interface FromChatsSummary {
  /** Users whose chats were read: those who consent now. */
  consentingUsers: number;
  /** Users left out because they have not opted in (or withdrew). */
  skippedUsers: number;
  sessions: number;
  /** `chats` items in the directory after the run. */
  items: number;
  /** `chats` items of an earlier run removed: their user withdrew consent or was erased. */
  removed: number;
  /** Personal data replaced in this run's items, by kind. */
  scrubbed: ScrubCounts;
}

/** Longest item: a long session becomes consecutive windows of at most this many messages. */
export const MAX_CHAT_MESSAGES = 20;

/** The item ids a stored session gives (stable, so a re-run keeps reviews of unchanged items). */
const itemId = (sessionId: string, window: number) => `chats/${sessionId}/${window}`;

const userIdOf = (item: DatasetItem) => (typeof item.meta.userId === 'string' ? item.meta.userId : null);

/**
 * Turns the stored chats of users who consent *now* into dialogue items (source `chats`) in `<dir>/items.jsonl`.
 * Consent is read at run time: a user who never opted in, opted out or was erased contributes nothing, and the
 * items an earlier run wrote for them are removed from the directory (`removed`). Items from other sources
 * are kept as they are. Every text - the persona sheet too - is scrubbed of personal data (scrub.ts) with the
 * user's name and call name as known names; the pet's name stays. Only complete turns are used (failed or
 * pending replies are dropped), consecutive messages of one side are joined, the pet's greeting before the
 * user's first message and a last unanswered user message are left out. Each pet utterance keeps its
 * stored emotion (`neutral` when none was stored, counted in `meta.emotionMissing`).
 */
export async function datasetFromChats(deps: FromChatsDeps, dir: string): Promise<FromChatsSummary> {
  const users = await deps.users.list();
  const consenting = users.filter((u) => u.trainingConsent);
  const allowed = new Set(consenting.map((u) => u.id));
  const { items: existing } = await readItems(dir);

  const scrubbed = emptyScrubCounts();
  const fresh: DatasetItem[] = [];
  let sessions = 0;
  for (const user of consenting) {
    for (const pet of await deps.pets.listByOwner(user.id)) {
      for (const session of await deps.chats.listSessions(user.id, pet.id)) {
        sessions++;
        const messages = await deps.chats.listMessages(session.id);
        for (const made of sessionItems(user, pet, session.id, messages)) {
          addCounts(scrubbed, made.counts);
          fresh.push(made.item);
        }
      }
    }
  }

  // A re-made item keeps its review when its text did not change (a person's decision still applies).
  const previous = new Map(existing.filter((i) => i.source === 'chats').map((i) => [i.id, i]));
  for (const item of fresh) {
    const before = previous.get(item.id);
    if (before?.review && JSON.stringify(before.messages) === JSON.stringify(item.messages)) {
      item.review = before.review;
    }
  }
  const removed = existing.filter((i) => i.source === 'chats' && !allowed.has(userIdOf(i) ?? '')).length;
  const others = existing.filter((i) => i.source !== 'chats');
  await writeItems(dir, [...others, ...fresh]);
  return {
    consentingUsers: consenting.length,
    skippedUsers: users.length - consenting.length,
    sessions,
    items: fresh.length,
    removed,
    scrubbed,
  };
}

const EMOTION_SET = new Set<string>(EMOTIONS);

interface Turn {
  role: 'user' | 'assistant';
  content: string;
  emotion?: string;
  missing: boolean;
}

/** Complete, alternating turns: user first, pet last, consecutive messages of one side joined. */
export function sessionTurns(messages: readonly Message[]): Turn[] {
  const turns: Turn[] = [];
  for (const m of messages) {
    if (m.status !== 'ok' || m.content.trim() === '') continue;
    const role = m.role === 'user' ? 'user' : 'assistant';
    const last = turns.at(-1);
    if (last && last.role === role) {
      last.content = `${last.content}\n${m.content.trim()}`;
      continue;
    }
    if (!last && role === 'assistant') continue;
    const stored = m.emotion && EMOTION_SET.has(m.emotion) ? m.emotion : null;
    turns.push(
      role === 'assistant'
        ? { role, content: m.content.trim(), emotion: stored ?? 'neutral', missing: stored === null }
        : { role, content: m.content.trim(), missing: false },
    );
  }
  if (turns.at(-1)?.role === 'user') turns.pop();
  return turns;
}

const CJK = /[\u3400-\u9fff]/g;

function localeOf(texts: readonly string[], fallback: User['locale']): 'en' | 'zh' {
  const all = texts.join('');
  const letters = all.replace(/[\s\d\p{P}]/gu, '').length;
  if (letters === 0) return fallback;
  return (all.match(CJK)?.length ?? 0) / letters > 0.3 ? 'zh' : 'en';
}

function sessionItems(
  user: User,
  pet: Pet,
  sessionId: string,
  messages: readonly Message[],
): { item: DatasetItem; counts: ScrubCounts }[] {
  const turns = sessionTurns(messages);
  const out: { item: DatasetItem; counts: ScrubCounts }[] = [];
  for (let start = 0, window = 0; start < turns.length; start += MAX_CHAT_MESSAGES, window++) {
    const part = turns.slice(start, start + MAX_CHAT_MESSAGES);
    if (part.length < 2) continue;
    const locale = localeOf(
      part.map((t) => t.content),
      user.locale,
    );
    const system = personaSheet(pet.profile, locale);
    const { texts, counts } = scrubConversation([system, ...part.map((t) => t.content)], {
      names: [user.name, user.callName],
      keep: [pet.profile.name],
    });
    const scrubbedMessages: DatasetMessage[] = part.map((t, i) => ({
      role: t.role,
      content: texts[i + 1]!,
      ...(t.emotion ? { emotion: t.emotion } : {}),
    }));
    out.push({
      counts,
      item: {
        id: itemId(sessionId, window),
        source: 'chats',
        kind: 'dialogue',
        petId: pet.id,
        petName: pet.profile.name,
        locale,
        system: texts[0]!,
        messages: scrubbedMessages,
        meta: {
          // Kept so a later run or export can drop the item when its user withdraws; never exported.
          userId: user.id,
          sessionId,
          scrubbed: counts,
          emotionMissing: part.filter((t) => t.missing).length,
        },
      },
    });
  }
  return out;
}
