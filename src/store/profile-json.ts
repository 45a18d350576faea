import type { z } from 'zod';

/**
 * Reads a profile stored as jsonb through its schema, so fields added to the schema since the row was written
 * get their defaults. A row that no longer validates is returned as stored rather than made unreadable.
 */
export function readProfile<S extends z.ZodType>(schema: S, stored: unknown): z.output<S> {
  const parsed = schema.safeParse(stored);
  return parsed.success ? parsed.data : (stored as z.output<S>);
}
