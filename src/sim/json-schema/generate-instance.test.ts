import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRng } from '../rng.ts';
import { generateInstance } from './generate-instance.ts';
import type { JsonSchema } from './schema-types.ts';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

const Event = z.object({
  time: z.string().regex(HHMM),
  title: z.string().describe('2-5 words'),
  detail: z.string().describe('about 50 words').optional(),
  mood: z.enum(['happy', 'calm', 'sleepy']),
  energy: z.number().min(0).max(1),
  steps: z.number().int().positive(),
  at: z.iso.datetime(),
  day: z.iso.date(),
  contact: z.email().optional(),
  ref: z.uuid(),
  note: z.string().nullable(),
  kind: z.literal('activity'),
  amount: z.union([z.string().min(3), z.number().gt(10).lt(11)]),
});
const Day = z.object({
  pet: z.string().min(2).max(12),
  events: z.array(Event).min(3).max(8),
  tags: z.array(z.enum(['a', 'b', 'c'])).length(2),
  scores: z.record(z.string(), z.number().multipleOf(0.5)),
  code: z.string().regex(/^[A-Z]{2}-\d{3,5}$/),
});

function words(text: string): number {
  return text.trim().split(/\s+/).length;
}

function sample(schema: z.ZodType, seed: number, target: 'draft-7' | 'draft-2020-12' = 'draft-2020-12') {
  return generateInstance(z.toJSONSchema(schema, { target }) as JsonSchema, {
    rng: createRng(seed),
    echo: ['dog'],
  });
}

describe('generateInstance', () => {
  it('produces values that validate against a nested zod schema, for many seeds and both drafts', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const target = seed % 2 === 0 ? 'draft-7' : 'draft-2020-12';
      const result = sample(Day, seed, target);
      const parsed = Day.safeParse(result.value);
      expect(parsed.error?.issues ?? [], `seed ${seed}`).toEqual([]);
      expect(result.unsupportedPatterns).toEqual([]);
    }
  });

  it('orders the times of an array of timed items ascending within 07:00-22:00', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const events = (Day.parse(sample(Day, seed).value) as z.infer<typeof Day>).events;
      const times = events.map((e) => e.time);
      expect([...times].sort()).toEqual(times);
      expect(new Set(times).size).toBe(times.length);
      for (const t of times) expect(t >= '07:00' && t <= '22:00').toBe(true);
    }
  });

  it('follows word-count hints in descriptions', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const day = sample(Day, seed).value as z.infer<typeof Day>;
      for (const event of day.events) {
        expect(words(event.title)).toBeGreaterThanOrEqual(2);
        expect(words(event.title)).toBeLessThanOrEqual(5);
        if (event.detail !== undefined) {
          expect(words(event.detail)).toBeGreaterThanOrEqual(45);
          expect(words(event.detail)).toBeLessThanOrEqual(55);
        }
      }
    }
    const phrase = z.object({ a: z.string().describe('2 to 3 words'), b: z.string().describe('~20 words') });
    const value = sample(phrase, 7).value as { a: string; b: string };
    expect(words(value.a)).toBeGreaterThanOrEqual(2);
    expect(words(value.a)).toBeLessThanOrEqual(3);
    expect(words(value.b)).toBeGreaterThanOrEqual(18);
    expect(words(value.b)).toBeLessThanOrEqual(22);
  });

  it('is deterministic for a seed and varies across seeds', () => {
    expect(sample(Day, 42).value).toEqual(sample(Day, 42).value);
    expect(sample(Day, 42).value).not.toEqual(sample(Day, 43).value);
  });

  it('resolves $ref/$defs and terminates on recursive schemas', () => {
    type Node = { name: string; children: Node[] };
    const NodeSchema: z.ZodType<Node> = z.object({
      name: z.string(),
      get children() {
        return z.array(NodeSchema).max(3);
      },
    });
    const Shared = z.object({ id: z.string().length(4) });
    const Pair = z.object({ left: Shared, right: Shared, tree: NodeSchema });
    for (let seed = 1; seed <= 20; seed++) {
      expect(NodeSchema.safeParse(sample(NodeSchema, seed).value).success).toBe(true);
      const schema = z.toJSONSchema(Pair, { reused: 'ref' }) as JsonSchema;
      expect(JSON.stringify(schema)).toContain('$ref');
      const value = generateInstance(schema, { rng: createRng(seed) }).value;
      expect(Pair.safeParse(value).success).toBe(true);
    }
  });

  it('handles allOf, oneOf, type lists, tuples, exclusive bounds and additionalProperties: false', () => {
    const schema: JsonSchema = {
      type: 'object',
      additionalProperties: false,
      required: ['merged', 'either', 'maybe', 'pair', 'n', 'i', 'bag'],
      properties: {
        merged: {
          allOf: [
            {
              type: 'object',
              properties: { a: { type: 'integer', minimum: 5, maximum: 5 } },
              required: ['a'],
            },
            { properties: { b: { type: 'boolean' } }, required: ['b'] },
          ],
        },
        either: { oneOf: [{ const: 'x' }, { type: 'integer', multipleOf: 7, minimum: 1 }] },
        maybe: { type: ['string', 'null'], minLength: 5 },
        pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false },
        n: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 0.001 },
        i: { type: 'integer', exclusiveMinimum: 1, maximum: 3 },
        bag: { type: 'object', minProperties: 2, additionalProperties: { type: 'integer' } },
      },
    };
    for (let seed = 1; seed <= 40; seed++) {
      const v = generateInstance(schema, { rng: createRng(seed) }).value as Record<string, unknown>;
      const merged = v['merged'] as { a: number; b: boolean };
      expect(merged.a).toBe(5);
      expect(typeof merged.b).toBe('boolean');
      expect(v['either'] === 'x' || ((v['either'] as number) % 7 === 0 && (v['either'] as number) >= 1)).toBe(
        true,
      );
      expect(v['maybe'] === null || (v['maybe'] as string).length >= 5).toBe(true);
      const pair = v['pair'] as unknown[];
      expect(pair).toHaveLength(2);
      expect(typeof pair[0]).toBe('string');
      expect(typeof pair[1]).toBe('number');
      expect(v['n'] as number).toBeGreaterThan(0);
      expect(v['n'] as number).toBeLessThan(0.001);
      expect([2, 3]).toContain(v['i']);
      const bag = v['bag'] as Record<string, unknown>;
      expect(Object.keys(bag).length).toBeGreaterThanOrEqual(2);
      for (const x of Object.values(bag)) expect(Number.isInteger(x)).toBe(true);
      expect(Object.keys(v).sort()).toEqual(['bag', 'either', 'i', 'maybe', 'merged', 'n', 'pair']);
    }
  });

  it('follows hints in descriptions: clock windows, characters, sentences, names, dates', () => {
    const Plan = z.object({
      items: z
        .array(
          z.object({
            time: z.string().min(1).describe('HH:MM, 24-hour clock, between 08:30 and 20:00'),
            title: z.string().describe('2-12 characters naming the activity, e.g. "公园散步"'),
            detail: z
              .string()
              .describe('in Chinese, about 80 characters (40-160; as long as about 50 words)'),
          }),
        )
        .min(4)
        .max(7),
      summary: z.string().max(1200).describe('the day in 2-4 sentences'),
      friends: z
        .array(z.object({ name: z.string().max(40) }))
        .min(2)
        .max(3),
      when: z.string().nullish().describe('YYYY-MM-DD, or relative ("yesterday")'),
    });
    const cjk = (text: string) => text.match(/[\u4e00-\u9fff]/gu)?.length ?? 0;
    for (let seed = 1; seed <= 30; seed++) {
      const lang = seed % 2 === 0 ? 'zh' : 'en';
      const value = Plan.parse(
        generateInstance(z.toJSONSchema(Plan) as JsonSchema, { rng: createRng(seed), lang }).value,
      );
      const times = value.items.map((item) => item.time);
      expect([...times].sort()).toEqual(times);
      for (const t of times) expect(HHMM.test(t) && t >= '08:30' && t <= '20:00').toBe(true);
      for (const item of value.items) {
        // Both ask for Chinese (an example in Chinese, "in Chinese"), whatever the conversation language.
        expect(cjk(item.title)).toBe(Array.from(item.title).length);
        expect(cjk(item.title)).toBeGreaterThanOrEqual(2);
        expect(cjk(item.title)).toBeLessThanOrEqual(12);
        expect(cjk(item.detail)).toBeGreaterThanOrEqual(72);
        expect(cjk(item.detail)).toBeLessThanOrEqual(88);
      }
      const sentences = value.summary.split(lang === 'zh' ? /。/ : /\.\s*/).filter(Boolean).length;
      expect(sentences).toBeGreaterThanOrEqual(2);
      expect(sentences).toBeLessThanOrEqual(4);
      for (const friend of value.friends)
        expect(friend.name).toMatch(lang === 'zh' ? /^[\u4e00-\u9fff]{2}$/ : /^[A-Z][a-z]+$/);
      if (typeof value.when === 'string') expect(value.when).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it("does not apply an array's description to its items", () => {
    const schema: JsonSchema = {
      type: 'array',
      minItems: 3,
      maxItems: 3,
      description: '4 characters with distinct names',
      items: { type: 'string', description: '2-5 words' },
    };
    for (let seed = 1; seed <= 10; seed++) {
      for (const item of generateInstance(schema, { rng: createRng(seed) }).value as string[]) {
        expect(item.split(' ').length).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('reports patterns it cannot satisfy and still returns a string', () => {
    const schema: JsonSchema = { type: 'string', pattern: '^(?=.*\\d)(?!.*\\d)x$' };
    const result = generateInstance(schema, { rng: createRng(1) });
    expect(typeof result.value).toBe('string');
    expect(result.unsupportedPatterns).toEqual(['^(?=.*\\d)(?!.*\\d)x$']);
  });
});
