import { DEFAULT_PROACTIVE, type Locale, type PetProfile } from '../../core/index.ts';
import { type ChatDeps, chatOnce } from '../../dialogue/index.ts';

/** The owner a persona talks to during evaluation: neutral, no interests, no memories. */
const OWNERS: Record<Locale, { name: string }> = { en: { name: 'Alex' }, zh: { name: '小林' } };

/**
 * One reply of `persona` to `query` through the real dialogue pipeline (prompt layout, emotion tag, budget),
 * in an isolated store. Each `key` gets its own owner and pet, so no query sees another's history.
 */
export async function respondAs(
  chat: ChatDeps,
  input: { key: string; locale: Locale; persona: PetProfile; query: string },
): Promise<string> {
  const now = chat.clock.now();
  const userId = `usr_eval_${input.key}`;
  const petId = `pet_eval_${input.key}`;
  if (!(await chat.users.get(userId))) {
    await chat.users.create({
      id: userId,
      name: OWNERS[input.locale].name,
      callName: '',
      timezone: 'UTC',
      locale: input.locale,
      ageBand: 'adult',
      interests: [],
      proactive: DEFAULT_PROACTIVE,
      createdAt: now,
      updatedAt: now,
    });
  }
  if (!(await chat.pets.get(petId))) {
    await chat.pets.create({
      id: petId,
      ownerId: userId,
      profile: input.persona,
      extensions: {},
      createdAt: now,
      updatedAt: now,
    });
  }
  const result = await chatOnce(chat, { userId, petId, text: input.query });
  return result.reply;
}
