import { callSpec, type StructuredCallSpec } from '../core/index.ts';
import { checkCrisisClassification } from './classify-crisis.ts';
import { crisisClassificationSchema } from './prompts/classify-crisis.v1.schema.ts';

/** The safety module's structured call: the crisis classifier. */
export function safetyCallSpecs(): StructuredCallSpec[] {
  return [
    callSpec({
      name: 'safety.classify-crisis',
      schema: crisisClassificationSchema,
      check: checkCrisisClassification,
      uncarried: [
        {
          rule: 'level none has category none',
          why: 'only a union of two objects at the root could say it, and OpenAI structured outputs refuse a root union',
          finding: /^category set to none for level none$/,
        },
      ],
    }),
  ];
}
