import { callSpec, type StructuredCallSpec } from '../core/index.ts';
import { personaJudgeSchema } from './prompts/persona-judge.schema.ts';
import { personaStatementsSchema } from './prompts/persona-split.schema.ts';
import { preferenceSchema } from './prompts/preference.schema.ts';
import { worldJudgeSchema } from './prompts/world-judge.schema.ts';
import { WORLD_METRICS } from './world/metrics.ts';

/** The evaluation's judge calls: one per world metric, the persona judge and the persona split. */
export function evalCallSpecs(): StructuredCallSpec[] {
  return [
    ...WORLD_METRICS.map((metric) =>
      callSpec({ name: `eval.world-judge (${metric})`, schema: worldJudgeSchema(metric) }),
    ),
    callSpec({ name: 'eval.persona-judge', schema: personaJudgeSchema(4) }),
    callSpec({ name: 'eval.persona-split', schema: personaStatementsSchema }),
    callSpec({ name: 'eval.preference', schema: preferenceSchema }),
  ];
}
