import type { EmbeddingModelV3, LanguageModelV3 } from '@ai-sdk/provider';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import { generateText } from 'ai';
import { ModelCallError } from '../../core/index.ts';
import { LEXICAL_DIMENSIONS } from '../embedding/lexical-embedder.ts';
import { toModelCallError } from '../policy/classify-error.ts';
import { raceAbort, startDeadline, type Timer } from '../policy/signals.ts';
import type { EmbeddingSettings, LanguageSettings } from '../settings.ts';
import {
  errorMessage,
  LEXICAL_FIX,
  localFix,
  NOT_CONFIGURED_FIX,
  type ProbeRole,
  remoteFix,
} from './fixes.ts';
import { listServerModels } from './list-models.ts';

/** What `ipet doctor` shows for one model. Never contains an API key. */
export interface ProbeEntry {
  configured: boolean;
  kind: 'openai-compatible' | 'local' | 'lexical' | null;
  model: string | null;
  baseURL: string | null;
  /** The server answered HTTP, or the local file is on disk. */
  reachable: boolean;
  /** A real call (8 tokens, or one embedding) succeeded. */
  answerOk: boolean;
  /** The server is ipet's simulator, not a real model. */
  simulator: boolean;
  latencyMs: number | null;
  error: string | null;
  /** One sentence naming what to set. */
  fix: string | null;
}

export interface EmbeddingProbeEntry extends ProbeEntry {
  /** The embedding space id vectors are stored under. */
  id: string;
  dimensions: number | null;
}

export interface ProbeReport {
  ok: boolean;
  language: ProbeEntry;
  embedding: EmbeddingProbeEntry;
}

export interface ProbeDeps {
  fetch: FetchFunction;
  timer: Timer;
  now: () => number;
  /** For server calls. */
  timeoutMs: number;
  /** For local calls (loading the model from disk included). */
  localTimeoutMs: number;
}

export interface LanguageProbeTarget {
  settings: LanguageSettings | null;
  /** The unguarded model: a probe wants one quick attempt, not retries. */
  model: LanguageModelV3 | null;
  /** Local models: the file on disk, or null when not downloaded yet. */
  locate?: () => Promise<string | null>;
}

export interface EmbeddingProbeTarget {
  settings: EmbeddingSettings;
  id: string;
  model: EmbeddingModelV3 | null;
  locate?: () => Promise<string | null>;
}

const PROBE_PROMPT = 'Reply with the single word OK.';

export async function probeLanguage(target: LanguageProbeTarget, deps: ProbeDeps): Promise<ProbeEntry> {
  const { settings, model } = target;
  if (!settings || !model) {
    return { ...empty(null), error: 'no language model is configured', fix: NOT_CONFIGURED_FIX };
  }
  const call = async (signal: AbortSignal) => {
    const result = await generateText({
      model,
      prompt: PROBE_PROMPT,
      maxOutputTokens: 8,
      maxRetries: 0,
      abortSignal: signal,
    });
    return { simulator: result.response.headers?.['x-ipet-simulator'] !== undefined, dimensions: null };
  };
  return settings.kind === 'local'
    ? probeLocal('language', settings.model, target.locate, call, deps)
    : probeRemote('language', settings, call, deps);
}

export async function probeEmbedding(
  target: EmbeddingProbeTarget,
  deps: ProbeDeps,
): Promise<EmbeddingProbeEntry> {
  const { settings, model } = target;
  if (settings.kind === 'lexical' || !model) {
    return {
      ...empty('lexical'),
      configured: true,
      reachable: true,
      answerOk: true,
      latencyMs: 0,
      fix: LEXICAL_FIX,
      id: target.id,
      dimensions: LEXICAL_DIMENSIONS,
    };
  }
  const call = async (signal: AbortSignal) => {
    const result = await model.doEmbed({ values: ['ipet doctor'], abortSignal: signal });
    const dimensions = result.embeddings[0]?.length ?? 0;
    if (dimensions === 0) throw new Error('the embedding model returned no vector');
    return { simulator: result.response?.headers?.['x-ipet-simulator'] !== undefined, dimensions };
  };
  const entry =
    settings.kind === 'local'
      ? await probeLocal('embedding', settings.model, target.locate, call, deps)
      : await probeRemote('embedding', settings, call, deps);
  return { ...entry, id: target.id, dimensions: entry.dimensions };
}

type ProbeCall = (signal: AbortSignal) => Promise<{ simulator: boolean; dimensions: number | null }>;
type Measured = ProbeEntry & { dimensions: number | null };

async function probeRemote(
  role: ProbeRole,
  settings: { baseURL: string; model: string; apiKey?: string },
  call: ProbeCall,
  deps: ProbeDeps,
): Promise<Measured> {
  const listing = await listServerModels({
    baseURL: settings.baseURL,
    apiKey: settings.apiKey,
    fetch: deps.fetch,
    timer: deps.timer,
    timeoutMs: deps.timeoutMs,
  });
  const entry: Measured = {
    ...empty('openai-compatible'),
    model: settings.model,
    baseURL: settings.baseURL,
    reachable: listing.reachable,
    simulator: listing.simulator,
    dimensions: null,
  };
  const outcome = await timed(call, deps.timeoutMs, deps);
  if (outcome.ok) {
    return {
      ...entry,
      reachable: true,
      answerOk: true,
      simulator: entry.simulator || outcome.value.simulator,
      latencyMs: outcome.latencyMs,
      dimensions: outcome.value.dimensions,
    };
  }
  const error = toModelCallError(outcome.error);
  return {
    ...entry,
    reachable: entry.reachable || (error instanceof ModelCallError && error.status !== undefined),
    latencyMs: outcome.latencyMs,
    error: errorMessage(error),
    fix: remoteFix(role, error, {
      baseURL: settings.baseURL,
      served: listing.models,
      timeoutMs: deps.timeoutMs,
    }),
  };
}

async function probeLocal(
  role: ProbeRole,
  model: string,
  locate: (() => Promise<string | null>) | undefined,
  call: ProbeCall,
  deps: ProbeDeps,
): Promise<Measured> {
  const entry: Measured = { ...empty('local'), model, dimensions: null };
  try {
    const path = locate ? await locate() : model;
    if (path === null) {
      const variable = role === 'language' ? 'IPET_LLM_MODEL_PATH' : 'IPET_EMBED_MODEL_PATH';
      return {
        ...entry,
        error: `the local model ${model} is not downloaded yet`,
        fix:
          role === 'language'
            ? `set IPET_LLM_BASE_URL and IPET_LLM_MODEL to use a model server (vLLM, llama.cpp, Ollama, OpenAI...; or \`ipet sim\` to try ipet without one), set ${variable} to a .gguf file, or start ipet once while online so it can download the default local model`
            : `set IPET_EMBED_MODEL (on the model server), set ${variable} to a .gguf file, or start ipet once while online so it can download the model`,
      };
    }
  } catch (error) {
    return { ...entry, error: errorMessage(error), fix: localFix(error) };
  }
  const outcome = await timed(call, deps.localTimeoutMs, deps);
  if (outcome.ok) {
    return {
      ...entry,
      reachable: true,
      answerOk: true,
      latencyMs: outcome.latencyMs,
      dimensions: outcome.value.dimensions,
    };
  }
  return {
    ...entry,
    reachable: true,
    latencyMs: outcome.latencyMs,
    error: errorMessage(outcome.error),
    fix: localFix(outcome.error),
  };
}

async function timed<T>(
  call: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  deps: ProbeDeps,
): Promise<{ ok: true; value: T; latencyMs: number } | { ok: false; error: unknown; latencyMs: number }> {
  const start = deps.now();
  const deadline = startDeadline(
    timeoutMs,
    deps.timer,
    () => new ModelCallError(`no answer within ${Math.round(timeoutMs / 1000)} s`, { kind: 'timeout' }),
  );
  try {
    const value = await raceAbort(call(deadline.signal), deadline.signal);
    return { ok: true, value, latencyMs: deps.now() - start };
  } catch (error) {
    return {
      ok: false,
      error: deadline.expired ? deadline.signal.reason : error,
      latencyMs: deps.now() - start,
    };
  } finally {
    deadline.clear();
  }
}

function empty(kind: ProbeEntry['kind']): ProbeEntry {
  return {
    configured: kind !== null,
    kind,
    model: null,
    baseURL: null,
    reachable: false,
    answerOk: false,
    simulator: false,
    latencyMs: null,
    error: null,
    fix: null,
  };
}
