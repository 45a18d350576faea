import { callSpec, type StructuredCallSpec, type UncarriedRule } from '../core/index.ts';
import { extractionSchema } from './prompts/extract.v2.schema.ts';
import { checkReflections, REFLECTION_FINDINGS, reflectionSchema } from './prompts/reflect.v1.schema.ts';

const REFLECTION_RULES: UncarriedRule[] = [
  {
    rule: 'a reflection is not blank (and one is left once blanks are dropped)',
    why: 'minLength counts whitespace, and a pattern would constrain every character of the text for guided decoders',
    finding: new RegExp(`${REFLECTION_FINDINGS.blank.source}|${REFLECTION_FINDINGS.none.source}`),
  },
  {
    rule: 'no reflection is given twice',
    why: 'JSON Schema cannot require one property to differ across the items of an array',
    finding: REFLECTION_FINDINGS.repeated,
  },
];

/**
 * The memory module's structured calls. The extraction's answer has no semantic check: the parse cuts text
 * and the plan ignores entries past MAX_ENTRIES_PER_SESSION, unknown refs and repeats, all of which the
 * schema carries but repeats (see extraction-plan.ts). The reflection's check drops blank and repeated items.
 */
export function memoryCallSpecs(): StructuredCallSpec[] {
  return [
    callSpec({ name: 'memory.extract', schema: extractionSchema }),
    callSpec({
      name: 'memory.reflect',
      schema: reflectionSchema,
      check: checkReflections,
      uncarried: REFLECTION_RULES,
    }),
  ];
}
