import { ConfigError } from '../core/index.ts';

/**
 * Resolved model configuration. The apps build it from options and the environment; nothing in `src/llm`
 * reads the environment.
 */
export interface OpenAICompatibleLanguageSettings {
  kind: 'openai-compatible';
  /** e.g. `http://127.0.0.1:11434/v1` (the path up to `/chat/completions`). */
  baseURL: string;
  model: string;
  apiKey?: string;
}

export interface LocalModelFileSettings {
  /** A `.gguf` file path, an `hf:` URI, an https URL, or `'default'`. */
  model: string;
  /** Where downloaded models are kept (and relative file names are looked up). */
  modelsDir: string;
  /** Offload to a GPU when node-llama-cpp finds one. Default false (CPU only, prebuilt binaries). */
  gpu?: boolean;
  /** Give up a download when no byte arrived within this many ms. Default 30 000. */
  downloadTimeoutMs?: number;
  /**
   * CPU threads per evaluation. Default: the cores node-llama-cpp finds useful for math (its own default of
   * at least 4 oversubscribes small machines, where llama.cpp's spinning thread barriers then crawl).
   */
  threads?: number;
}

export interface LocalLanguageSettings extends LocalModelFileSettings {
  kind: 'local';
  /** Upper bound of the context window in tokens. Default 8192. */
  contextSize?: number;
}

export type LanguageSettings = OpenAICompatibleLanguageSettings | LocalLanguageSettings;

export interface OpenAICompatibleEmbeddingSettings {
  kind: 'openai-compatible';
  baseURL: string;
  model: string;
  apiKey?: string;
  /** Ask the server for shorter vectors (models that support it). Part of the embedding space id. */
  dimensions?: number;
  /** Texts per request. Default 64. */
  batchSize?: number;
}

export interface LocalEmbeddingSettings extends LocalModelFileSettings {
  kind: 'local';
}

export type EmbeddingSettings =
  | OpenAICompatibleEmbeddingSettings
  | LocalEmbeddingSettings
  | { kind: 'lexical' };

/** Transport limits, applied per provider (one base URL, or one local model). */
export interface ModelLimits {
  maxConcurrency: number;
  /** Streams: the first content part must arrive within this (per attempt). */
  firstTokenTimeoutMs: number;
  /**
   * Calls answered in one piece (structured output, plain generate): the answer must arrive within this (per
   * attempt; the first byte of such an answer is the whole answer). Remote providers only: a local model's
   * time is compute, bounded by the total timeout.
   */
  responseTimeoutMs: number;
  /** Embedding calls: the vectors must arrive within this (per attempt; remote providers only). */
  embeddingTimeoutMs: number;
  /** Whole call, retries and waits included. */
  totalTimeoutMs: number;
  /** Transport retries after the first attempt. */
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /**
   * Permits of a provider kept for interactive calls (a chat turn's reply, its safety check and memory
   * lookup): background work (nightly extraction, days, imports) never holds more than
   * `maxConcurrency - interactiveReserve` at once, and interactive calls go ahead of it in the queue.
   * Ignored when the provider has a single permit (a local model).
   */
  interactiveReserve: number;
  /** Consecutive failed attempts that open the circuit. */
  breakerFailureThreshold: number;
  breakerCooldownMs: number;
}

export const defaultLimits: Readonly<ModelLimits> = Object.freeze({
  maxConcurrency: 8,
  firstTokenTimeoutMs: 30_000,
  responseTimeoutMs: 60_000,
  embeddingTimeoutMs: 15_000,
  totalTimeoutMs: 120_000,
  maxRetries: 3,
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 20_000,
  interactiveReserve: 1,
  breakerFailureThreshold: 5,
  breakerCooldownMs: 30_000,
});

export interface ModelSettings {
  /** null: no language model configured (`ipet doctor` says what to set). */
  language: LanguageSettings | null;
  embedding: EmbeddingSettings;
  /** Missing fields take `defaultLimits`. */
  limits?: Partial<ModelLimits>;
}

/** Defaults filled in and every value checked; a bad value is a ConfigError naming the field. */
export function resolveLimits(limits: Partial<ModelLimits> = {}): ModelLimits {
  const resolved = { ...defaultLimits, ...stripUndefined(limits) };
  const positive: Array<keyof ModelLimits> = [
    'maxConcurrency',
    'firstTokenTimeoutMs',
    'responseTimeoutMs',
    'embeddingTimeoutMs',
    'totalTimeoutMs',
    'breakerFailureThreshold',
  ];
  for (const key of Object.keys(defaultLimits) as Array<keyof ModelLimits>) {
    const value = resolved[key];
    const min = positive.includes(key) ? 1 : 0;
    if (!Number.isInteger(value) || value < min) {
      throw new ConfigError(`model limit ${key} must be a whole number >= ${min} (got ${String(value)})`);
    }
  }
  if (resolved.interactiveReserve >= resolved.maxConcurrency && resolved.maxConcurrency > 1) {
    throw new ConfigError('model limit interactiveReserve must be below maxConcurrency');
  }
  if (resolved.retryMaxDelayMs < resolved.retryBaseDelayMs) {
    throw new ConfigError('model limit retryMaxDelayMs must not be below retryBaseDelayMs');
  }
  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
