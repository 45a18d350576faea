import { z } from 'zod';
import { modelBounds } from '../../core/index.ts';

export const RELEVANCE_LABELS = ['yes', 'no'] as const;
export const NLI_LABELS = ['entailed', 'neutral', 'contradicted'] as const;

export interface StatementLabel {
  reason: string;
  relevant: (typeof RELEVANCE_LABELS)[number];
  nli: (typeof NLI_LABELS)[number];
}

/** Output of `persona-judge.v1`: one judgement per statement, in order, the reason written first. */
export interface PersonaJudgement {
  judgements: StatementLabel[];
}

export function personaJudgeSchema(count: number): z.ZodType<PersonaJudgement> {
  return z.object({
    judgements: z
      .array(
        z.object({
          reason: modelBounds(z.string().trim(), { maxLength: 400 }).describe(
            'one short sentence, written before the labels',
          ),
          relevant: z
            .enum(RELEVANCE_LABELS)
            .describe('yes: the query should be answered with this statement (active); no: passive'),
          nli: z.enum(NLI_LABELS).describe('relation from the statement (premise) to the response'),
        }),
      )
      .length(count)
      .describe(`exactly ${count} judgements, in the order of the statements`),
  });
}
