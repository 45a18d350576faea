import type { FriendProfile, Locale, Pet, PetProfile, WorldDay } from '../../core/index.ts';
import { quoteData, renderPrompt } from '../../core/index.ts';
import { datasetPrompt } from '../prompts/templates.ts';

/** One lore entry as the generator quotes it. */
export interface LoreFact {
  id: string;
  label: string;
  text: string;
}

/** What a pet's items are grounded in: its profile P, its friends F, its generated days and its lore. */
export interface PetGrounding {
  pet: Pet;
  friends: FriendProfile[];
  days: WorldDay[];
  lore: LoreFact[];
}

const MAX_LORE = 12;
const MAX_LORE_CHARS = 400;
const MAX_DAYS = 3;

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** The persona/system text the pet speaks under in its items (`persona-sheet.v1`, empty fields left out). */
export function personaSheet(profile: PetProfile, locale: Locale): string {
  const sep = locale === 'zh' ? '、' : ', ';
  return renderPrompt(
    datasetPrompt('persona-sheet', locale),
    {
      name: profile.name,
      kind: profile.kind,
      appearance: profile.appearance,
      personality: profile.personality,
      traits: profile.traits.join(sep),
      speakingStyle: profile.speakingStyle,
      catchphrases: profile.catchphrases.join(sep),
      likes: profile.likes.join(sep),
      dislikes: profile.dislikes.join(sep),
      emotionalTendencies: profile.emotionalTendencies,
      background: profile.background,
      scenario: profile.scenario,
    },
    { dropEmptyLines: true },
  );
}

/** Friends, recent days and lore as quoted blocks (an empty world says so). */
export function worldText(g: PetGrounding, locale: Locale): string {
  const blocks: string[] = [];
  if (g.friends.length > 0) {
    blocks.push(
      quoteData(
        'friends',
        g.friends.map((f) => `${f.name} (${f.kind}, ${f.relationship}): ${cut(f.description, 200)}`),
      ),
    );
  }
  for (const day of g.days.slice(0, MAX_DAYS)) {
    blocks.push(
      quoteData(`day ${day.date}`, [
        cut(day.outline, 300),
        ...day.schedule.map((i) => `${i.time} ${i.title}: ${cut(i.detail, 160)}`),
      ]),
    );
  }
  if (g.lore.length > 0) {
    blocks.push(
      quoteData(
        'lore',
        g.lore.slice(0, MAX_LORE).map((l) => `${l.label}: ${cut(l.text, MAX_LORE_CHARS)}`),
      ),
    );
  }
  if (blocks.length === 0) return locale === 'zh' ? '（没有更多信息）' : '(nothing more)';
  return blocks.join('\n');
}

/** Provenance recorded on every item (which friends, days and lore entries its prompt held). */
export function groundingMeta(g: PetGrounding) {
  return {
    friends: g.friends.map((f) => f.id),
    days: g.days.slice(0, MAX_DAYS).map((d) => d.date),
    lore: g.lore.slice(0, MAX_LORE).map((l) => l.id),
  };
}
