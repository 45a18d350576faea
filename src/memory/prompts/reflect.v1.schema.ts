import { z } from 'zod';
import { modelBounds, REFLECTION_TOPICS, type SemanticCheck } from '../../core/index.ts';

/**
 * Output of the reflection prompt (`reflect.v1.<locale>.md`): one to five high-level reflections, each a
 * storyline, a relationship or an anticipation. Strict on the topic (the program files by it) and on the
 * count as sent (the JSON schema says 1-5); lenient on text (trimmed, an over-long one cut) and, from a
 * server that ignores the schema, on more than five (the first five kept).
 */
export const REFLECT_PROMPT_VERSION = 'v1';

export const MIN_REFLECTIONS = 1;
export const MAX_REFLECTIONS = 5;
/** Characters: two sentences in English, a little more than that in Chinese. */
export const MAX_REFLECTION_TEXT = 300;

export const reflectionItemSchema = z.object({
  topic: z
    .enum(REFLECTION_TOPICS)
    .describe(
      'storyline: an ongoing arc of the pet; relationship: how a friendship or the bond with the owner develops; anticipation: what the pet looks forward to',
    ),
  text: modelBounds(z.string(), { minLength: 1, maxLength: MAX_REFLECTION_TEXT })
    .describe("One or two sentences in the third person, using the pet's name")
    .transform((s) => s.trim().slice(0, MAX_REFLECTION_TEXT)),
});

export const reflectionSchema = z.object({
  reflections: modelBounds(z.array(reflectionItemSchema), {
    minItems: MIN_REFLECTIONS,
    maxItems: MAX_REFLECTIONS,
  }),
});

export type ReflectionItem = z.output<typeof reflectionItemSchema>;
export type ReflectionOutput = z.output<typeof reflectionSchema>;

/** How the check's findings read (the schema audit matches the rules the schema cannot carry by them). */
export const REFLECTION_FINDINGS = {
  blank: /blank reflection dropped/,
  repeated: /reflection repeated/,
  tooMany: /more than \d+ reflections/,
  none: /no reflection/,
};

/**
 * Repairs what the parse lets through: blank texts dropped, a text given twice kept once, more than five cut
 * to the first five. An answer left with none is asked again (nothing usable).
 */
export const checkReflections: SemanticCheck<ReflectionOutput> = (value) => {
  const repairs: string[] = [];
  const seen = new Set<string>();
  const kept: ReflectionItem[] = [];
  for (const item of value.reflections) {
    if (item.text === '') {
      repairs.push('a blank reflection dropped');
      continue;
    }
    const key = item.text.toLowerCase().replace(/\s+/g, ' ');
    if (seen.has(key)) {
      repairs.push('a reflection repeated, kept once');
      continue;
    }
    seen.add(key);
    kept.push(item);
  }
  if (kept.length > MAX_REFLECTIONS) {
    repairs.push(`more than ${MAX_REFLECTIONS} reflections, kept the first ${MAX_REFLECTIONS}`);
    kept.length = MAX_REFLECTIONS;
  }
  if (kept.length === 0) {
    return { ok: false, problems: ['no reflection left: give 1 to 5 reflections with text'], repairs };
  }
  return { ok: true, value: { reflections: kept }, repairs };
};
