import { z } from 'zod';
import { modelBounds } from '../../core/index.ts';

export const PERSONA_SCORES = [1, 2, 3, 4, 5] as const;

/**
 * Output of `judge.v1`: the filter's judge on one item - persona consistency (1-5, the reason first) and,
 * for each pet reply in order, whether its emotion label fits the text.
 */
export function itemJudgeSchema(replies: number) {
  return z.object({
    reason: modelBounds(z.string(), { maxLength: 400 })
      .describe('one or two sentences, written before the scores')
      .transform((s) => s.trim()),
    persona: z
      .number()
      .int()
      .min(1)
      .max(5)
      .describe('1: breaks the character (wrong facts, wrong voice); 5: fully in character'),
    emotionFits: z
      .array(z.boolean())
      .length(replies)
      .describe(
        `exactly ${replies} answers, one per pet reply in order: does its emotion label fit the text`,
      ),
  });
}

export type ItemJudgement = z.output<ReturnType<typeof itemJudgeSchema>>;
