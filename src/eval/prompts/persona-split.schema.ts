import { z } from 'zod';
import { modelBounds } from '../../core/index.ts';

/** Output of `persona-split.v1`: the persona as atomic statements. */
export interface PersonaStatements {
  statements: string[];
}

export const MAX_STATEMENTS = 40;

export const personaStatementsSchema: z.ZodType<PersonaStatements> = z.object({
  statements: z
    .array(
      modelBounds(z.string().trim().min(1), { maxLength: 400 }).describe(
        'one short sentence stating one fact, naming the character',
      ),
    )
    .min(1)
    .max(MAX_STATEMENTS)
    .describe('every fact of the persona, once each'),
});
