import type { LanguageModel } from 'ai';
import type { z } from 'zod';
import { generateStructured, type SemanticCheck } from '../../core/index.ts';
import { hashOf, type JsonStore } from './json-store.ts';
import type { CallUsage } from './usage.ts';

/**
 * The evaluation's judge: an OpenAI-compatible model configured apart from the companion model, asked for
 * structured output at temperature 0. Every answer is cached by a hash of (judge model, schema name, system
 * prompt, prompt): asking the same question again costs nothing, and a rerun of an evaluation re-reads the
 * judgements of the first one.
 */
export interface Judge {
  readonly modelId: string;
  ask<T>(call: JudgeCall<T>): Promise<JudgeAnswer<T>>;
}

export interface JudgeCall<T> {
  schema: z.ZodType<T>;
  schemaName: string;
  system: string;
  prompt: string;
  check?: SemanticCheck<T>;
}

export interface JudgeAnswer<T> {
  object: T;
  /** What producing the answer cost (also when it came from the cache: the cost of the original call). */
  usage: CallUsage;
  cached: boolean;
}

export interface JudgeDeps {
  model: LanguageModel;
  modelId: string;
  store: JsonStore;
  /** Default 0. */
  temperature?: number;
  /** Attempts for invalid output. Default 3. */
  maxAttempts?: number;
}

const NAMESPACE = 'judge';

export function judgeCacheKey(
  modelId: string,
  call: Pick<JudgeCall<unknown>, 'schemaName' | 'system' | 'prompt'>,
) {
  return hashOf(modelId, call.schemaName, call.system, call.prompt);
}

export function createJudge(deps: JudgeDeps): Judge {
  return {
    modelId: deps.modelId,
    async ask<T>(call: JudgeCall<T>): Promise<JudgeAnswer<T>> {
      const key = judgeCacheKey(deps.modelId, call);
      const hit = await readCached(deps.store, key, call);
      if (hit) return hit;
      const result = await generateStructured({
        model: deps.model,
        schema: call.schema,
        schemaName: call.schemaName,
        tags: { purpose: 'judge' },
        system: call.system,
        prompt: call.prompt,
        temperature: deps.temperature ?? 0,
        maxAttempts: deps.maxAttempts ?? 3,
        ...(call.check ? { check: call.check } : {}),
      });
      const usage = { calls: result.attempts, ...result.usage };
      await deps.store.write(NAMESPACE, key, { modelId: deps.modelId, object: result.object, usage });
      return { object: result.object, usage, cached: false };
    },
  };
}

/** A cached answer that no longer validates (schema changed) is asked again. */
async function readCached<T>(
  store: JsonStore,
  key: string,
  call: JudgeCall<T>,
): Promise<JudgeAnswer<T> | null> {
  const raw = (await store.read(NAMESPACE, key)) as { object?: unknown; usage?: CallUsage } | undefined;
  if (!raw || raw.usage === undefined) return null;
  const parsed = call.schema.safeParse(raw.object);
  if (!parsed.success) return null;
  const checked = call.check ? call.check(parsed.data) : { ok: true as const, value: parsed.data };
  if (!checked.ok) return null;
  return { object: checked.value, usage: raw.usage, cached: true };
}
