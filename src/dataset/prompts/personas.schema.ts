import { z } from 'zod';
import { modelBounds } from '../../core/index.ts';
import { textField } from './text.ts';

/** Age bands of simulated users: the minors rules of the filter apply to `minor` dialogues. */
export const SIM_AGE_BANDS = ['adult', 'minor'] as const;

const personaSchema = z.object({
  name: textField(40, 'a first name or a nickname, one or two words'),
  ageBand: z.enum(SIM_AGE_BANDS).describe('minor: under 18'),
  occupation: textField(60, 'what they do, two to five words'),
  situation: textField(240, 'what is going on in their life lately, one sentence'),
  style: textField(160, 'how they write chat messages, one sentence'),
  topics: modelBounds(z.array(textField(80, 'a topic, three to eight words')), { minItems: 2, maxItems: 4 })
    .describe('2 to 4 things they would bring up with a companion pet')
    .transform((a) => a.filter(Boolean).slice(0, 4)),
});

/** Output of `user-personas.v1`: `count` varied simulated users who chat with a companion pet. */
export function userPersonasSchema(count: number) {
  return z.object({
    personas: modelBounds(z.array(personaSchema), { minItems: count, maxItems: count })
      .describe(`exactly ${count} different people`)
      .transform((a) => a.filter((p) => p.name !== '').slice(0, count)),
  });
}

export type SimulatedUser = z.output<typeof personaSchema>;
