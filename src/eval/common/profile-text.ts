import type { Locale, PetProfile, UserProfile } from '../../core/index.ts';
import { JUDGE_LABELS } from './labels.ts';

/** The pet profile as labelled lines (empty fields left out), for judge prompts. */
export function petLines(profile: PetProfile, locale: Locale): string[] {
  const l = JUDGE_LABELS[locale];
  const list = (items: readonly string[]) => items.join(l.separator);
  const fields: Array<[string, string]> = [
    [l.pet.name, profile.name],
    [l.pet.kind, profile.kind],
    [l.pet.appearance, profile.appearance],
    [l.pet.personality, profile.personality],
    [l.pet.traits, list(profile.traits)],
    [l.pet.speakingStyle, profile.speakingStyle],
    [l.pet.catchphrases, list(profile.catchphrases)],
    [l.pet.likes, list(profile.likes)],
    [l.pet.dislikes, list(profile.dislikes)],
    [l.pet.background, profile.background],
    [l.pet.emotionalTendencies, profile.emotionalTendencies],
    [l.pet.scenario, profile.scenario],
  ];
  return fields.filter(([, value]) => value.trim() !== '').map(([label, value]) => `${label}: ${value}`);
}

export function ownerLines(
  owner: Pick<UserProfile, 'name' | 'callName' | 'interests'>,
  locale: Locale,
): string[] {
  const l = JUDGE_LABELS[locale];
  const lines = [`${l.owner.name}: ${owner.name}`];
  if (owner.callName && owner.callName !== owner.name) lines.push(`${l.owner.callName}: ${owner.callName}`);
  if (owner.interests.length > 0) lines.push(`${l.owner.interests}: ${owner.interests.join(l.separator)}`);
  return lines;
}
