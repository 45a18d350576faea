import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from './errors/index.ts';
import { describeIssues, formatIssues, parseOrThrow } from './validation.ts';

const schema = z
  .object({
    name: z.string().trim().min(1),
    age: z.number().int().max(150),
    tags: z.array(z.string()).max(2),
    kind: z.enum(['cat', 'dog']),
    book: z.array(z.unknown()).max(1, 'has more than 1 entry'),
  })
  .strict();

describe('zod issues in readable words', () => {
  it('tells a missing field from a wrong type, and words sizes by what is measured', () => {
    const input = { name: ' ', age: 200, tags: 'x', kind: 'cow', book: [1, 2], extra: true };
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(describeIssues(result.error!, input)).toEqual([
      { path: 'name', message: 'must not be empty' },
      { path: 'age', message: 'must be at most 150' },
      { path: 'tags', message: 'must be a list' },
      { path: 'kind', message: 'must be one of: cat, dog' },
      { path: 'book', message: 'has more than 1 entry' }, // the schema's own words are kept
      { path: '', message: 'unknown field: extra' },
    ]);
    const missing = schema.safeParse({});
    expect(describeIssues(missing.error!, {}, 'data')[0]).toEqual({
      path: 'data.name',
      message: 'is required',
    });
  });

  it('throws one ValidationError naming every bad field', () => {
    const error = (() => {
      try {
        return parseOrThrow(schema, { name: 'Mochi', age: 1, tags: [], kind: 'cat', book: {} }, 'pet');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe('invalid pet: book must be a list');
    expect(formatIssues((error as ValidationError).issues)).toBe('book must be a list');
  });
});
