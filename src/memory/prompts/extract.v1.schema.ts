import { z } from 'zod';
import { MEMORY_CATEGORIES, modelBounds } from '../../core/index.ts';

/**
 * Output of the extraction prompt (`extract.v1.<locale>.md`): {M_i, Cat_i} for one session, each entry with
 * what it does to the existing memories. Lenient on text (trimmed, over-long text cut) and on optional
 * fields; strict on the enums, which the program branches on. The JSON schema sent to the model carries the
 * limits the parse and the plan repair (text length, the entry cap, the ref format).
 */
export const EXTRACT_PROMPT_VERSION = 'v1';

export const EXTRACT_ACTIONS = ['add', 'duplicate_of', 'contradicts'] as const;
export type ExtractAction = (typeof EXTRACT_ACTIONS)[number];

export const MAX_MEMORY_TEXT = 500;
/** More entries than this from one session are ignored (a runaway answer, not a conversation). */
export const MAX_ENTRIES_PER_SESSION = 40;

export const extractedMemorySchema = z.object({
  text: modelBounds(z.string(), { minLength: 1, maxLength: MAX_MEMORY_TEXT })
    .describe('One self-contained fact about the user, third person, at most two sentences')
    .transform((s) => s.trim().slice(0, MAX_MEMORY_TEXT)),
  category: z.enum(MEMORY_CATEGORIES),
  when: modelBounds(z.string(), { maxLength: 40 })
    .nullish()
    .describe(
      'When it happened or will happen: YYYY-MM-DD, or relative ("yesterday"); null if simply true now',
    ),
  action: z.enum(EXTRACT_ACTIONS),
  ref: modelBounds(z.string(), { maxLength: 8, pattern: '^m[0-9]{1,6}$' })
    .nullish()
    .describe('Short id of the existing memory for duplicate_of and contradicts'),
});

export const extractionSchema = z.object({
  memories: modelBounds(z.array(extractedMemorySchema), { maxItems: MAX_ENTRIES_PER_SESSION }),
});

export type ExtractedMemory = z.output<typeof extractedMemorySchema>;
export type Extraction = z.output<typeof extractionSchema>;
