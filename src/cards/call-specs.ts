import { callSpec, type StructuredCallSpec } from '../core/index.ts';
import { checkPersona, personaSchema } from './prompts/persona.v1.schema.ts';

/** The cards module's structured call: the persona builder (`ipet pet create --describe`). */
export function cardsCallSpecs(): StructuredCallSpec[] {
  return [callSpec({ name: 'cards.persona', schema: personaSchema, check: checkPersona })];
}
