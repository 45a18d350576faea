import { z } from 'zod';
import { modelBounds } from '../../core/index.ts';
import { EMOTIONS } from '../../dialogue/index.ts';
import { textField } from './text.ts';

const pairSchema = z.object({
  instruction: textField(400, 'what the user asks or asks for, one or two sentences'),
  response: textField(800, "the pet's answer in its own voice, one to five sentences"),
  emotion: z.enum(EMOTIONS).describe('the emotion the pet shows in the answer'),
});

/**
 * Output of `spe.v1`, `cus.v1` and `raw.v1`: `count` instruction-answer pairs (character-knowledge Q&A,
 * customised instructions, generic instructions), each answer labelled with one of the ten emotions.
 */
export function instructionPairsSchema(count: number) {
  return z.object({
    pairs: modelBounds(z.array(pairSchema), { minItems: count, maxItems: count })
      .describe(`exactly ${count} pairs, each different`)
      .transform((a) => a.filter((p) => p.instruction !== '' && p.response !== '').slice(0, count)),
  });
}

export type InstructionPair = z.output<typeof pairSchema>;
