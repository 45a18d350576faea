import type { FriendProfile, Locale, Memory, MemoryCategory, Pet, PetProfile, User } from '../core/index.ts';
import { localDate, quoteData, weekday } from '../core/index.ts';
import { type Continuity, continuityBlocks } from './continuity.ts';
import { worldLabels } from './labels.ts';
import { renderWorldPrompt, worldPrompt } from './templates.ts';

/**
 * The data every call of a day starts with (after the system prompt): the date, P, U, F, in memory mode M,
 * and the day's continuity (the days before, the reflections R, what is open around the day). It is rendered
 * once per day and placed first, so all calls of the day share it as a cacheable prefix.
 * Everything user-provided is quoted as data.
 */
export interface WorldInputs {
  locale: Locale;
  date: string;
  pet: Pet;
  user: User;
  friends: FriendProfile[];
  /** Empty in normal mode. */
  memories: Memory[];
  /** The days before, R and open promises (`NO_CONTINUITY` for a day on its own). */
  continuity: Continuity;
}

const TIERS: MemoryCategory[] = ['permanent', 'long_term', 'short_term'];
/** A ceiling that keeps the prompt bounded whatever the caller passes. */
export const MAX_MEMORIES_PER_TIER = 10;

/**
 * The memories the day may use: this user's and this pet's, still active at `now`, newest first within each
 * tier, at most `MAX_MEMORIES_PER_TIER` per tier, in a stable order (so every call renders them identically).
 */
export function selectMemories(
  memories: readonly Memory[],
  scope: { userId: string; petId: string; now: Date },
): Memory[] {
  const now = scope.now.getTime();
  const active = memories.filter(
    (m) =>
      m.userId === scope.userId &&
      m.petId === scope.petId &&
      m.supersededAt === null &&
      (m.expiresAt === null || m.expiresAt.getTime() > now),
  );
  return TIERS.flatMap((tier) =>
    active
      .filter((m) => m.category === tier)
      .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || a.id.localeCompare(b.id))
      .slice(0, MAX_MEMORIES_PER_TIER),
  );
}

/** The pet profile as labelled lines; empty fields are left out. Also the Basic Information baseline's text. */
export function petProfileLines(profile: PetProfile, locale: Locale): string[] {
  const l = worldLabels(locale).pet;
  const sep = worldLabels(locale).listSeparator;
  const fields: Array<[string, string]> = [
    [l.name, profile.name],
    [l.kind, profile.kind],
    [l.appearance, profile.appearance],
    [l.personality, profile.personality],
    [l.traits, profile.traits.join(sep)],
    [l.speakingStyle, profile.speakingStyle],
    [l.likes, profile.likes.join(sep)],
    [l.dislikes, profile.dislikes.join(sep)],
    [l.background, profile.background],
    [l.emotionalTendencies, profile.emotionalTendencies],
    [l.scenario, profile.scenario],
  ];
  return fields.filter(([, value]) => value.trim() !== '').map(([label, value]) => `${label}: ${value}`);
}

function userLines(user: User, locale: Locale): string[] {
  const labels = worldLabels(locale);
  const l = labels.user;
  const lines = [`${l.name}: ${user.name}`];
  if (user.callName && user.callName !== user.name) lines.push(`${l.callName}: ${user.callName}`);
  if (user.interests.length > 0) lines.push(`${l.interests}: ${user.interests.join(labels.listSeparator)}`);
  if (user.ageBand === 'minor') lines.push(`${l.age}: ${labels.minor}`);
  return lines;
}

function friendLine(friend: FriendProfile, locale: Locale): string {
  const l = worldLabels(locale).friend;
  return `${friend.name} (${l.kind}: ${friend.kind}; ${l.personality}: ${friend.personality}; ${l.relationship}: ${friend.relationship}) ${friend.description}`;
}

function memoryBlocks(memories: readonly Memory[], locale: Locale, timeZone: string): string {
  const tiers = worldLabels(locale).tiers;
  return TIERS.flatMap((tier) => {
    const lines = memories
      .filter((m) => m.category === tier)
      .map((m) => `(${localDate(m.occurredAt, timeZone)}) ${m.text}`);
    return lines.length === 0 ? [] : [`${tiers[tier]}:\n${quoteData(tier, lines)}`];
  }).join('\n\n');
}

export function renderContext(inputs: WorldInputs): { text: string; templateId: string } {
  const { locale, pet, user, friends, memories } = inputs;
  const template = worldPrompt('context', locale);
  const continuity = continuityBlocks(inputs.continuity, locale, inputs.date);
  const text = renderWorldPrompt(
    template,
    {
      date: inputs.date,
      weekday: weekday(inputs.date, locale),
      userName: user.callName || user.name,
      pet: quoteData('pet', petProfileLines(pet.profile, locale)),
      user: quoteData('owner', userLines(user, locale)),
      friends: quoteData(
        'friends',
        friends.map((f) => friendLine(f, locale)),
      ),
      memories: memoryBlocks(memories, locale, user.timezone),
      petName: pet.profile.name,
      ...continuity,
    },
    {
      friends: friends.length > 0,
      memories: memories.length > 0,
      recentDays: continuity.recentDays !== '',
      reflections: continuity.reflections !== '',
      open: continuity.open !== '',
    },
  );
  return { text: text.trim(), templateId: template.id };
}
