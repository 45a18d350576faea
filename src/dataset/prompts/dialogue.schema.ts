import { z } from 'zod';
import { modelBounds } from '../../core/index.ts';
import { EMOTIONS } from '../../dialogue/index.ts';
import { textField } from './text.ts';

export const MAX_USER_TEXT = 500;
export const MAX_PET_TEXT = 600;

const turnSchema = z.object({
  user: textField(MAX_USER_TEXT, "the user's message, one to three sentences"),
  pet: textField(MAX_PET_TEXT, "the pet's reply in its own voice, one to four sentences"),
  emotion: z.enum(EMOTIONS).describe('the emotion the pet shows in this reply'),
});

/**
 * Output of `dialogue.v1`: one multi-turn conversation between a simulated user and the pet, every pet reply
 * labelled with one of the ten emotions (a schema enum: the label is never free text).
 */
export function dialogueSchema(minTurns: number, maxTurns: number) {
  return z.object({
    turns: modelBounds(z.array(turnSchema), { minItems: minTurns, maxItems: maxTurns })
      .describe(`${minTurns} to ${maxTurns} exchanges, in order`)
      .transform((a) => a.filter((t) => t.user !== '' && t.pet !== '').slice(0, maxTurns)),
  });
}

export type GeneratedDialogue = z.output<ReturnType<typeof dialogueSchema>>;
