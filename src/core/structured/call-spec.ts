import type { z } from 'zod';
import type { SemanticCheck, SemanticResult } from './generate-structured.ts';

/** A rule a semantic check enforces that JSON Schema cannot carry, and how its findings read. */
export interface UncarriedRule {
  rule: string;
  /** Why the schema sent to the model cannot say it. */
  why: string;
  /** Matches the repairs and problems the check reports for this rule. */
  finding: RegExp;
}

/**
 * The output contract of one structured call: the schema sent to the model, the check run on its answer,
 * and the rules of that check the schema cannot carry. Modules list theirs (`worldCallSpecs()`, ...) so that
 * one audit (test/structured) can show that every other rule is in the schema.
 */
export interface StructuredCallSpec {
  /** e.g. `world.schedule (zh)`. */
  name: string;
  schema: z.ZodType;
  /** Typed by `callSpec`; the audit only feeds it answers the schema parsed. */
  check?: (value: never) => SemanticResult<unknown>;
  uncarried?: readonly UncarriedRule[];
}

export function callSpec<T>(spec: {
  name: string;
  schema: z.ZodType<T>;
  check?: SemanticCheck<T>;
  uncarried?: readonly UncarriedRule[];
}): StructuredCallSpec {
  return spec as StructuredCallSpec;
}
