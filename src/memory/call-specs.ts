import { callSpec, type StructuredCallSpec } from '../core/index.ts';
import { extractionSchema } from './prompts/extract.v1.schema.ts';

/**
 * The memory module's structured call. Its answer has no semantic check: the parse cuts text and the plan
 * ignores entries past MAX_ENTRIES_PER_SESSION, unknown refs and repeats, all of which the schema carries
 * but repeats (see extraction-plan.ts).
 */
export function memoryCallSpecs(): StructuredCallSpec[] {
  return [callSpec({ name: 'memory.extract', schema: extractionSchema })];
}
