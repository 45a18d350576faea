import { z } from 'zod';
import { MEMORY_CATEGORIES, MEMORY_SUBJECTS, modelBounds } from '../../core/index.ts';

/**
 * Output of the extraction prompt (`extract.v2.<locale>.md`): {M_i, Cat_i} for one session - what is worth
 * remembering about the user, and what the pet said about itself (its plans, promises, opinions, things it
 * shared) - each entry with what it does to the existing memories. Lenient on text (trimmed, over-long text
 * cut) and on optional fields; strict on the enums, which the program branches on. The JSON schema sent to
 * the model carries the limits the parse and the plan repair (text length, the entry cap, the ref and date
 * formats, subject and kind required); a subject/kind pair the instructions rule out (a user `promise`, a pet `fact`) is mapped to the
 * nearest allowed one by the plan (see `kindFor` in extraction-plan.ts), so any schema-valid answer yields
 * valid memories.
 */
export const EXTRACT_PROMPT_VERSION = 'v2';

export const EXTRACT_ACTIONS = ['add', 'duplicate_of', 'contradicts'] as const;
export type ExtractAction = (typeof EXTRACT_ACTIONS)[number];

/**
 * What an entry is. For the user: `fact` (anything true about them) or `upcoming` (an event in their life
 * with a date). For the pet: `promise`, `plan`, `opinion` or `shared` (something else it told about itself).
 */
export const EXTRACT_KINDS = ['fact', 'upcoming', 'promise', 'plan', 'opinion', 'shared'] as const;
export type ExtractKind = (typeof EXTRACT_KINDS)[number];

export const MAX_MEMORY_TEXT = 500;
/** More entries than this from one session are ignored (a runaway answer, not a conversation). */
export const MAX_ENTRIES_PER_SESSION = 40;

/** A calendar date as the schema asks for it (the plan also reads relative forms like "tomorrow"). */
const DATE_PATTERN = '^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';

export const extractedMemorySchema = z
  .object({
    subject: z
      .enum(MEMORY_SUBJECTS)
      .default('user')
      .describe('user: a fact about the user; pet: something the pet said about itself in this conversation'),
    kind: z
      .enum(EXTRACT_KINDS)
      .default('fact')
      .describe('user: fact or upcoming (a dated event ahead); pet: promise, plan, opinion or shared'),
    text: modelBounds(z.string(), { minLength: 1, maxLength: MAX_MEMORY_TEXT })
      .describe(
        'One self-contained statement, third person, naming the user or the pet, at most two sentences',
      )
      .transform((s) => s.trim().slice(0, MAX_MEMORY_TEXT)),
    category: z.enum(MEMORY_CATEGORIES),
    when: modelBounds(z.string(), { maxLength: 40 })
      .nullish()
      .describe(
        'When it happened or will happen: YYYY-MM-DD, or relative ("yesterday"); null if simply true now',
      ),
    due: modelBounds(z.string(), { maxLength: 40, pattern: DATE_PATTERN })
      .nullish()
      .describe('For upcoming, promise and plan: the date it falls due, YYYY-MM-DD; otherwise null'),
    action: z.enum(EXTRACT_ACTIONS),
    ref: modelBounds(z.string(), { maxLength: 8, pattern: '^m[0-9]{1,6}$' })
      .nullish()
      .describe('Short id of the existing memory for duplicate_of and contradicts'),
  })
  // The JSON schema requires subject and kind; the parse reads an answer without them (a model or script
  // that ignores the schema) as an ordinary fact about the user.
  .meta({ required: ['subject', 'kind', 'text', 'category', 'action'] });

export const extractionSchema = z.object({
  memories: modelBounds(z.array(extractedMemorySchema), { maxItems: MAX_ENTRIES_PER_SESSION }),
});

export type ExtractedMemory = z.output<typeof extractedMemorySchema>;
export type Extraction = z.output<typeof extractionSchema>;
