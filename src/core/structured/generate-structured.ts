import { generateText, type LanguageModel, type ModelMessage, NoObjectGeneratedError, Output } from 'ai';
import type { z } from 'zod';
import { IpetError, ModelOutputError } from '../errors/index.ts';
import { describeIssue } from '../validation.ts';
import { type CallTags, tagsToProviderOptions } from './call-tags.ts';

/**
 * A check the parse cannot do, run on every schema-valid answer. It repairs what it can (`repairs` says what
 * it changed: a title cut to its first words, a timeline sorted), and names what it cannot (`problems`, sent
 * back to the model). A failed answer that is still worth keeping comes back as `usable`: the call asks
 * again, and when every attempt fails it returns the best usable answer marked `degraded` instead of failing.
 */
export type SemanticCheck<T> = (value: T) => SemanticResult<T>;

export type SemanticResult<T> =
  | { ok: true; value: T; repairs?: string[] }
  | { ok: false; problems: string[]; repairs?: string[]; usable?: T };

export interface StructuredCall<T> {
  model: LanguageModel;
  /** zod schema sent to the model as JSON schema (structured output) and used to validate the answer. */
  schema: z.ZodType<T>;
  schemaName?: string;
  tags: CallTags;
  system?: string;
  prompt: string | ModelMessage[];
  /** Total attempts for invalid output (transport retries happen below, in the middleware). Default 3. */
  maxAttempts?: number;
  /** Output cap per attempt. Default `DEFAULT_STRUCTURED_MAX_OUTPUT_TOKENS`. */
  maxOutputTokens?: number;
  temperature?: number;
  abortSignal?: AbortSignal;
  /** Checks the schema cannot express; may repair the value (e.g. sort a timeline) or keep a usable one. */
  check?: SemanticCheck<T>;
}

/**
 * The output cap of a structured call that names none (OWASP LLM10): generous for any JSON ipet asks for,
 * but a runaway answer stops here instead of at the model's context window.
 */
export const DEFAULT_STRUCTURED_MAX_OUTPUT_TOKENS = 4096;

export interface StructuredResult<T> {
  object: T;
  attempts: number;
  usage: { inputTokens: number; outputTokens: number };
  /** What the check repaired in the returned answer; absent when nothing. */
  repairs?: string[];
  /**
   * Present when no attempt passed the check and the answer is the best usable one: the check's problems
   * with it (the caller keeps it and says so, e.g. a day marked degraded).
   */
  degraded?: string[];
}

/**
 * One structured LLM call: requests JSON matching `schema` (response_format json_schema on OpenAI-compatible
 * servers, a grammar on local models), validates it, applies `check`, and asks again with the problems listed
 * when the answer is invalid. After `maxAttempts` it returns the best usable answer the check kept (fewest
 * problems, marked `degraded`), or throws ModelOutputError when there is none; transport failures surface as
 * ModelCallError from the middleware and are not retried here.
 */
export async function generateStructured<T>(call: StructuredCall<T>): Promise<StructuredResult<T>> {
  const maxAttempts = call.maxAttempts ?? 3;
  const usage = { inputTokens: 0, outputTokens: 0 };
  let problems: string[] = [];
  let lastCause: unknown;
  let best: { value: T; problems: string[]; repairs: string[] } | undefined;
  const baseMessages: ModelMessage[] =
    typeof call.prompt === 'string' ? [{ role: 'user', content: call.prompt }] : call.prompt;

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const messages: ModelMessage[] =
      problems.length === 0
        ? baseMessages
        : [
            ...baseMessages,
            {
              role: 'user',
              content: `Your previous answer was not valid: ${problems.join('; ')}. Answer again with JSON that follows the schema exactly.`,
            },
          ];
    try {
      const result = await generateText({
        model: call.model,
        ...(call.system === undefined ? {} : { system: call.system }),
        messages,
        output: Output.object({ schema: call.schema, ...(call.schemaName ? { name: call.schemaName } : {}) }),
        maxRetries: 0,
        maxOutputTokens: call.maxOutputTokens ?? DEFAULT_STRUCTURED_MAX_OUTPUT_TOKENS,
        ...(call.temperature === undefined ? {} : { temperature: call.temperature }),
        ...(call.abortSignal === undefined ? {} : { abortSignal: call.abortSignal }),
        providerOptions: tagsToProviderOptions(call.tags),
      });
      usage.inputTokens += result.usage.inputTokens ?? 0;
      usage.outputTokens += result.usage.outputTokens ?? 0;
      const value = result.output as T;
      if (!call.check) return { object: value, attempts: attempt, usage };
      const checked = call.check(value);
      if (checked.ok)
        return withRepairs({ object: checked.value, attempts: attempt, usage }, checked.repairs);
      problems = checked.problems.slice(0, 8);
      if (checked.usable !== undefined && (!best || checked.problems.length < best.problems.length)) {
        best = { value: checked.usable, problems: checked.problems, repairs: checked.repairs ?? [] };
      }
    } catch (error) {
      if (IpetError.is(error)) throw error;
      if (NoObjectGeneratedError.isInstance(error)) {
        usage.inputTokens += error.usage?.inputTokens ?? 0;
        usage.outputTokens += error.usage?.outputTokens ?? 0;
        problems = [describeParseFailure(error)];
        lastCause = error;
        continue;
      }
      throw error;
    }
  }
  if (best) {
    const result = { object: best.value, attempts: maxAttempts, usage, degraded: best.problems };
    return withRepairs(result, best.repairs);
  }
  throw new ModelOutputError(call.tags.purpose, maxAttempts, problems, { cause: lastCause });
}

function withRepairs<T>(result: StructuredResult<T>, repairs: string[] | undefined): StructuredResult<T> {
  return repairs && repairs.length > 0 ? { ...result, repairs } : result;
}

function describeParseFailure(error: NoObjectGeneratedError): string {
  const cause = error.cause;
  if (cause && typeof cause === 'object' && 'name' in cause) {
    const name = String((cause as { name: unknown }).name);
    if (name.includes('JSONParse')) return 'the answer was not valid JSON';
    if (name.includes('TypeValidation')) {
      // Paths and readable messages only: the SDK's own message quotes the answer, which may echo the
      // user, and this text ends up in errors and logs.
      return `the JSON did not match the schema (${schemaIssues(cause as { value?: unknown; cause?: unknown }).slice(0, 300)})`;
    }
  }
  return 'no JSON object could be read from the answer';
}

/** The SDK's TypeValidationError holds the parsed answer (`value`) and zod's error (`cause`). */
function schemaIssues(validation: { value?: unknown; cause?: unknown }): string {
  const issues = (validation.cause as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return 'invalid value';
  return (issues as z.core.$ZodIssue[])
    .slice(0, 5)
    .map((issue) => {
      const { path, message } = describeIssue(issue, validation.value);
      return `${path || '(root)'}: ${message}`;
    })
    .join('; ');
}
