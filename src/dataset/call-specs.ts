import { checkPersona, personaSchema } from '../cards/index.ts';
import { callSpec, type StructuredCallSpec } from '../core/index.ts';
import { dialogueSchema } from './prompts/dialogue.schema.ts';
import { itemJudgeSchema } from './prompts/judge.schema.ts';
import { instructionPairsSchema } from './prompts/pairs.schema.ts';
import { userPersonasSchema } from './prompts/personas.schema.ts';

/** The dataset module's structured calls (with their default sizes). */
export function datasetCallSpecs(): StructuredCallSpec[] {
  return [
    callSpec({ name: 'dataset.user-personas', schema: userPersonasSchema(4) }),
    callSpec({ name: 'dataset.dialogue', schema: dialogueSchema(3, 6) }),
    callSpec({ name: 'dataset.pairs', schema: instructionPairsSchema(4) }),
    callSpec({ name: 'dataset.judge', schema: itemJudgeSchema(3) }),
    callSpec({ name: 'dataset.profile', schema: personaSchema, check: checkPersona }),
  ];
}
