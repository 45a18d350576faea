import { z } from 'zod';
import { modelBounds } from '../../core/index.ts';

export const PREFERENCE_WINNERS = ['1', '2', 'tie'] as const;

/** Output of `preference.v1`: which of two responses plays the character better, the analysis first. */
export interface Preference {
  analysis: string;
  winner: (typeof PREFERENCE_WINNERS)[number];
}

export const preferenceSchema: z.ZodType<Preference> = z.object({
  analysis: modelBounds(z.string().trim().min(1), { maxLength: 1200 }).describe(
    'a few sentences comparing the two responses on the criteria, written before the verdict',
  ),
  winner: z
    .enum(PREFERENCE_WINNERS)
    .describe('1: response 1 is better, 2: response 2 is better, tie: neither is clearly better'),
});
