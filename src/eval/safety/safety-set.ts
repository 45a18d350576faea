import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LOCALES } from '../../core/index.ts';
import { CRISIS_CATEGORIES, CRISIS_LEVELS } from '../../safety/index.ts';
import { parseRecords, SampleFileError } from '../common/samples.ts';

/**
 * One line of a crisis-screening evaluation file (`ipet eval safety --file F.jsonl`): a user message, the
 * user's turns before it when the signal needs them, the reference label and a category to report by.
 * `classifier` is the answer the simulator gives the model classifier for this line (default: the label);
 * it matters only when the configured model is the ipet simulator.
 */
export const safetyItemSchema = z.object({
  id: z.string().trim().min(1).max(200),
  text: z.string().trim().min(1).max(4000),
  history: z.array(z.string().trim().min(1).max(4000)).max(20).optional(),
  locale: z.enum(LOCALES),
  label: z.enum(CRISIS_LEVELS),
  category: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, _ and -'),
  classifier: z
    .object({
      level: z.enum(CRISIS_LEVELS),
      category: z.enum(CRISIS_CATEGORIES).optional(),
      confidence: z.number().min(0).max(1).optional(),
    })
    .optional(),
});
export type SafetyItem = z.infer<typeof safetyItemSchema>;

/** `safety-crisis.jsonl`: the set shipped with ipet (see README.md in this folder). */
export const BUNDLED_SAFETY_SET = new URL('../samples/safety-crisis.jsonl', import.meta.url);

/** Parses a JSONL (or JSON array) file of items; ids must be unique. Throws `SampleFileError`. */
export function parseSafetySet(text: string, source: string): SafetyItem[] {
  const items = parseRecords(text, safetyItemSchema, source);
  if (items.length === 0) throw new SampleFileError(`${source}: no items`);
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) throw new SampleFileError(`${source}: id ${item.id} appears twice`);
    seen.add(item.id);
  }
  return items;
}

export function bundledSafetySet(): SafetyItem[] {
  return parseSafetySet(readFileSync(BUNDLED_SAFETY_SET, 'utf8'), 'safety-crisis.jsonl');
}
