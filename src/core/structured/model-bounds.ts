import type { z } from 'zod';

/** JSON Schema keywords that bound a value, as sent to the model. */
export interface ModelBounds {
  minLength?: number;
  maxLength?: number;
  /** ECMA-262, anchored (`^...$`): guided decoders read a pattern as the whole string. */
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minimum?: number;
  maximum?: number;
}

/**
 * Puts `bounds` in the JSON schema sent to the model without making the parse enforce them: a server that
 * honours the schema never goes past them, and an answer from one that does not is repaired or degraded by
 * the call's semantic check (a title cut to its first words, an item outside waking hours dropped) instead
 * of being refused whole. Use zod's own `.min()`/`.max()` where a violation cannot be repaired.
 */
export function modelBounds<S extends z.ZodType>(schema: S, bounds: ModelBounds): S {
  return schema.meta(bounds as Record<string, unknown>) as S;
}
