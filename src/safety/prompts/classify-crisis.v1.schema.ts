import { z } from 'zod';
import { modelBounds } from '../../core/index.ts';
import { CRISIS_CATEGORIES, CRISIS_LEVELS } from '../crisis-types.ts';

/**
 * Output of the crisis classifier (`classify-crisis-system.v1.<locale>.md` + `classify-crisis.v1.<locale>.md`).
 * Strict on the enums the program branches on; lenient on confidence (the schema sent says 0..1; a
 * percentage is read as a fraction, anything else is clamped to 0..1).
 */
export const CLASSIFY_CRISIS_PROMPT_VERSION = 'v1';

export const crisisClassificationSchema = z.object({
  level: z.enum(CRISIS_LEVELS).describe('none, concern or crisis'),
  category: z
    .enum(CRISIS_CATEGORIES)
    .describe('suicide, self_harm, harm_to_others or abuse; none only when level is none'),
  evidence: modelBounds(z.string(), { maxLength: 300 })
    .nullish()
    .describe(
      "For concern or crisis: the user's own words that show it, copied exactly from their messages; empty for none",
    ),
  confidence: modelBounds(z.number(), { minimum: 0, maximum: 1 })
    .describe('How sure you are of the level, from 0 to 1')
    .transform((n) => {
      const fraction = n > 1 && n <= 100 ? n / 100 : n;
      return Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
    }),
});

export type CrisisClassification = z.output<typeof crisisClassificationSchema>;
