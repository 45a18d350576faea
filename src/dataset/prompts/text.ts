import { z } from 'zod';
import { modelBounds } from '../../core/index.ts';

/** Not blank: starts and ends with a non-space, one line (what guided decoders can hold a model to). */
export const NOT_BLANK = '^\\S(?:.*\\S)?$';

/**
 * A text field of a dataset answer: bounds in the JSON schema sent to the model, lenient parse (trimmed, cut
 * to `max`). An empty answer from a server that ignores the schema parses to '' and is dropped later.
 */
export function textField(max: number, describe: string) {
  return modelBounds(z.string(), { minLength: 1, maxLength: max, pattern: NOT_BLANK })
    .describe(describe)
    .transform((s) => Array.from(s.trim()).slice(0, max).join('').trim());
}
