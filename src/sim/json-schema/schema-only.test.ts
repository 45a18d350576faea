import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRng } from '../rng.ts';
import { anywhere, UNBOUNDED_EXTRA_CHARS, wordsOfLength } from './arbitrary-string.ts';
import { generateInstance } from './generate-instance.ts';
import type { JsonSchema } from './schema-types.ts';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

const Item = z.object({
  time: z.string().regex(HHMM).describe('HH:MM, between 08:00 and 09:00'),
  title: z.string().min(1).describe('2-5 words naming the activity'),
  label: z.string().min(3).max(12),
  mood: z.enum(['happy', 'calm', 'sleepy', 'grumpy']),
  score: z.number().int().min(1).max(5),
  note: z.string().nullable(),
  day: z.iso.date(),
  code: z.string().regex(/^[A-Z]{2}-\d{3,5}$/),
});
const Day = z.object({
  items: z.array(Item).min(2).max(9).describe('exactly 3 items'),
  tags: z.array(z.string().max(4)),
});
type DayValue = z.infer<typeof Day>;

const jsonSchema = z.toJSONSchema(Day, { target: 'draft-7', io: 'input' }) as JsonSchema;
const blind = (seed: number, schema: JsonSchema = jsonSchema) =>
  generateInstance(schema, { rng: createRng(seed), schemaOnly: true });

const SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);
const days = SEEDS.map((seed) => blind(seed).value as DayValue);
const items = days.flatMap((d) => d.items);

describe('generateInstance in schema-only mode', () => {
  it('produces values that validate against the schema, patterns included', () => {
    for (const seed of SEEDS) {
      const result = blind(seed);
      expect(Day.safeParse(result.value).error?.issues ?? [], `seed ${seed}`).toEqual([]);
      expect(result.unsupportedPatterns).toEqual([]);
    }
  });

  it('uses every array size from minItems to maxItems, ignoring the description', () => {
    const sizes = new Set(days.map((d) => d.items.length));
    expect([...sizes].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('puts string lengths anywhere within minLength/maxLength, the bounds included', () => {
    const lengths = new Set(items.map((i) => Array.from(i.label).length));
    for (let n = 3; n <= 12; n++) expect(lengths.has(n), `length ${n}`).toBe(true);
    for (const label of items.map((i) => i.label)) expect(label).toBe(label.trim());
  });

  it('ignores length hints in descriptions: an unbounded title runs to long texts', () => {
    const words = items.map((i) => i.title.split(/\s+/).length);
    expect(Math.min(...words)).toBeLessThan(2);
    expect(Math.max(...words)).toBeGreaterThan(12);
    for (const item of items)
      expect(Array.from(item.title).length).toBeLessThanOrEqual(1 + UNBOUNDED_EXTRA_CHARS);
  });

  it('draws every enum value and leaves times unordered and outside the described window', () => {
    expect(new Set(items.map((i) => i.mood))).toEqual(new Set(['happy', 'calm', 'sleepy', 'grumpy']));
    expect(items.some((i) => i.time < '08:00' || i.time > '09:00')).toBe(true);
    const ordered = days.filter((d) => d.items.every((it, k) => k === 0 || d.items[k - 1]!.time <= it.time));
    expect(ordered.length).toBeLessThan(days.length);
  });

  it('mixes scripts in free text, as a weak model may', () => {
    const text = items.map((i) => i.title).join(' ');
    expect(text).toMatch(/[a-z]/);
    expect(text).toMatch(/[\u4e00-\u9fff]/);
  });

  it('is deterministic for a seed', () => {
    expect(blind(7).value).toEqual(blind(7).value);
    expect(blind(7).value).not.toEqual(blind(8).value);
  });

  it('does not change the normal mode, which follows the hints', () => {
    const normal = generateInstance(jsonSchema, { rng: createRng(3) }).value as DayValue;
    for (const item of normal.items) {
      const n = item.title.split(/\s+/).length;
      expect(n >= 2 && n <= 5).toBe(true);
    }
  });
});

describe('schema-only helpers', () => {
  it('anywhere() stays within the bounds and reaches both', () => {
    const rng = createRng(1);
    const seen = new Set(Array.from({ length: 300 }, () => anywhere(rng, 4, 9)));
    expect([...seen].sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(anywhere(rng, 5, 5)).toBe(5);
  });

  it('wordsOfLength() returns exactly the asked number of code points without edge spaces', () => {
    const rng = createRng(2);
    for (let n = 0; n <= 60; n++) {
      const text = wordsOfLength(rng, n);
      expect(Array.from(text)).toHaveLength(n);
      expect(text).toBe(text.trim());
    }
  });
});
