import type { z } from 'zod';
import { type FieldIssue, ValidationError } from './errors/index.ts';

/** One readable message per zod issue, keyed by the field path ("traits.2", "timezone"). */
export function describeIssue(issue: z.core.$ZodIssue): FieldIssue {
  const path = issue.path.map(String).join('.');
  return { path, message: readable(issue) };
}

function readable(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be a ${issue.expected}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `must have at most ${issue.maximum} items`
        : `must be at most ${issue.maximum} characters`;
    case 'too_small':
      if (issue.origin === 'array') return `must have at least ${issue.minimum} items`;
      return Number(issue.minimum) <= 1
        ? 'must not be empty'
        : `must be at least ${issue.minimum} characters`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}

/** Parses `input` or throws ValidationError listing every bad field ("invalid pet profile: name is required"). */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map(describeIssue);
  const summary = issues.map((i) => (i.path ? `${i.path} ${i.message}` : i.message)).join('; ');
  throw new ValidationError(`invalid ${what}: ${summary}`, issues, { cause: result.error });
}
