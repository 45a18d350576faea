import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toGrammarSchema } from './json-grammar-schema.ts';

describe('toGrammarSchema', () => {
  it('converts what zod produces into the subset the grammar builder accepts', () => {
    const schema = z.toJSONSchema(
      z.object({
        mood: z.enum(['happy', 'sad']),
        note: z.string().max(80).nullable(),
        count: z.number().int().min(0),
        at: z.iso.datetime(),
        tags: z.array(z.string()).max(3),
      }),
      { target: 'draft-7' },
    );
    expect(toGrammarSchema(schema as never)).toEqual({
      type: 'object',
      properties: {
        mood: { enum: ['happy', 'sad'] },
        note: { oneOf: [{ type: 'string', maxLength: 80 }, { type: 'null' }] },
        count: { type: 'integer' },
        at: { type: 'string', format: 'date-time' },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 3 },
      },
      required: ['mood', 'note', 'count', 'at', 'tags'],
      additionalProperties: false,
    });
  });

  it('rewrites definitions references to $defs and keeps them at the root', () => {
    const converted = toGrammarSchema({
      definitions: { item: { type: 'string' } },
      type: 'array',
      items: { $ref: '#/definitions/item' },
    });
    expect(converted).toEqual({
      $defs: { item: { type: 'string' } },
      type: 'array',
      items: { $ref: '#/$defs/item' },
    });
  });

  it('turns an unconstrained schema into any JSON value', () => {
    expect(toGrammarSchema({})).toEqual({
      oneOf: [
        { type: ['string', 'number', 'boolean', 'null'] },
        { type: 'array' },
        { type: 'object', additionalProperties: true },
      ],
    });
  });
});
