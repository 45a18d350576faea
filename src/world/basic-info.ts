import type { Locale, Pet } from '../core/index.ts';
import { petProfileLines } from './context.ts';

/**
 * The paper's Basic Information baseline ("presents the virtual pet's profile details to users"), with no model
 * call: `outline` is the pet profile as labelled lines (the same text the other methods put in the prompt),
 * `schedule` is empty. We do not turn profile facts into timed items: that would invent times the profile
 * does not have, and an evaluator should judge exactly what a user would see without world simulation.
 * Memories are not shown in either mode (the baseline has no generation step that could use them).
 */
export function basicInfoDay(pet: Pet, locale: Locale): { outline: string; templateId: string } {
  return {
    outline: petProfileLines(pet.profile, locale).join('\n'),
    templateId: `basic-info@v1/${locale}`,
  };
}
