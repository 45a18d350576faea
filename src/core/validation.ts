import { z } from 'zod';
import { type FieldIssue, ValidationError } from './errors/index.ts';

/**
 * The project's one reading of zod issues: a readable message per issue, keyed by the field path
 * ("traits.2", "timezone"), in the words the HTTP API, the CLI and the card importer all show. A message
 * the schema sets is kept ("has more than 1000 entries"); zod's own wording is replaced by a readable one.
 * `input` is what was parsed: zod does not keep the offending value, and without it a wrong type cannot be
 * told from a missing field. `base` goes in front of the issue's own path ("data" for a card's fields).
 */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown, base = ''): FieldIssue {
  const path = [base, ...issue.path.map(String)].filter(Boolean).join('.');
  return { path, message: readable(issue, input) };
}

/** Every issue of a failed parse, described (see `describeIssue`). */
export function describeIssues(error: z.ZodError, input: unknown, base = ''): FieldIssue[] {
  return error.issues.map((issue) => describeIssue(issue, input, base));
}

/** `<path> <message>`, or the message alone for the value as a whole. */
export function formatIssue(issue: FieldIssue): string {
  return issue.path ? `${issue.path} ${issue.message}` : issue.message;
}

/** Issues as one line: "name is required; locale must be one of: en, zh". */
export function formatIssues(issues: readonly FieldIssue[]): string {
  return issues.map(formatIssue).join('; ');
}

/** Parses `input` or throws ValidationError listing every bad field ("invalid pet profile: name is required"). */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = describeIssues(result.error, input);
  throw new ValidationError(`invalid ${what}: ${formatIssues(issues)}`, issues, { cause: result.error });
}

function readable(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (valueAt(input, issue.path) === undefined) return 'is required';
      return `must be ${article(issue.expected === 'array' ? 'list' : issue.expected)}`;
    }
  }
  if (!zodWording(issue)) return issue.message;
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'array') return `must have at most ${issue.maximum} items`;
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`;
      return `must be at most ${issue.maximum}`;
    case 'too_small':
      if (issue.origin === 'array') return `must have at least ${issue.minimum} items`;
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1
          ? 'must not be empty'
          : `must be at least ${issue.minimum} characters`;
      }
      return `must be at least ${issue.minimum}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}

/** Whether zod wrote the message itself (its locale's wording), not the schema. */
function zodWording(issue: z.core.$ZodIssue): boolean {
  const own = z.config().localeError?.(issue as unknown as z.core.$ZodRawIssue);
  return (typeof own === 'string' ? own : own?.message) === issue.message;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
