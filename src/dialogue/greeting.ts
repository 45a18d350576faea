import type { Pet, User } from '../core/index.ts';
import { renderPrompt } from '../core/index.ts';
import { resolveMacros } from './macros.ts';
import { callNameOf } from './names.ts';
import { dialoguePrompt } from './prompt-files.ts';

/**
 * The pet's first words to a user: the profile's greeting, or the default one in the user's language, with
 * `{{user}}` / `{{char}}` resolved.
 */
export function greetingFor(pet: Pick<Pet, 'profile'>, user: User): string {
  const names = { user: callNameOf(user), char: pet.profile.name };
  const text =
    pet.profile.greeting ||
    renderPrompt(dialoguePrompt('greeting', user.locale), { petName: names.char, userName: names.user });
  return resolveMacros(text, names);
}
