import type { EmbeddingModelV3, LanguageModelV3 } from '@ai-sdk/provider';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import type { Embedder, ModelUsageRecord } from '../core/index.ts';
import { type Logger, type Sleep, silentLogger, sleep } from '../core/index.ts';
import { createLexicalEmbedder } from './embedding/lexical-embedder.ts';
import { createModelEmbedder } from './embedding/model-embedder.ts';
import type { LocalModelRole } from './local/default-models.ts';
import type { DownloadFailure } from './local/download-failures.ts';
import { createLocalEmbeddingModel } from './local/local-embedding-model.ts';
import { createLocalLanguageModel } from './local/local-language-model.ts';
import { createLocalRuntime, type LocalRuntime, retryable } from './local/local-runtime.ts';
import type { ImportNodeLlamaCpp } from './local/node-llama-cpp.ts';
import type { DownloadProgress } from './local/resolve-model-file.ts';
import { type GuardOptions, guardEmbeddingModel, guardLanguageModel } from './middleware/compose.ts';
import { embeddingSpaceId, languageModelId } from './model-ids.ts';
import {
  createRemoteEmbeddingModel,
  createRemoteLanguageModel,
  remoteEmbeddingOptions,
} from './openai-compatible/remote-models.ts';
import { type CircuitBreaker, type CircuitSnapshot, createCircuitBreaker } from './policy/circuit-breaker.ts';
import { createSemaphore, type Limiter } from './policy/semaphore.ts';
import { realTimer, type Timer } from './policy/signals.ts';
import { createUsageCounters, type UsageSnapshot } from './policy/usage-counters.ts';
import { type ProbeReport, probeEmbedding, probeLanguage } from './probe/probe.ts';
import { type LocalModelFileSettings, type ModelSettings, resolveLimits } from './settings.ts';

export interface ModelsDeps {
  fetch?: FetchFunction;
  /** Milliseconds since the epoch (latency, breaker cooldowns, Retry-After dates). */
  now?: () => number;
  /** Backoff waits between retries. */
  sleep?: Sleep;
  /** Deadlines (timeouts); tests fire them by hand. */
  timer?: Timer;
  /** Backoff jitter, in [0, 1). */
  random?: () => number;
  logger?: Logger;
  /** One record per model call (apps store them through UsageRepository). */
  onUsage?: (record: ModelUsageRecord) => void;
  /** A fleet-wide limit taken by every remote call, after the provider's own semaphore. */
  limiter?: Limiter;
  /** Download progress of local model files. */
  onDownloadProgress?: (progress: DownloadProgress & { model: string }) => void;
  /** Test seam: how node-llama-cpp is imported. */
  importNodeLlamaCpp?: ImportNodeLlamaCpp;
}

export interface ModelsHandle {
  /** Guarded language model (retries, timeouts, limits, breaker, accounting), or null when none is set. */
  language: LanguageModelV3 | null;
  /** Stored with generated results: the model name, or `local:<file>`. */
  languageId: string | null;
  embedder: Embedder;
  /** For `ipet doctor`: one real call to each model. */
  probe(): Promise<ProbeReport>;
  /**
   * Local models: resolve (download) and load them now instead of on the first call. `retry` first forgets
   * remembered download failures (an explicit retry, e.g. by `ipet doctor`).
   */
  prepare(options?: { retry?: boolean }): Promise<void>;
  /** Configured local models whose download failed and is not attempted again until retried. */
  downloadFailures(): Array<DownloadFailure & { role: LocalModelRole }>;
  /** Usage totals per purpose since start (`/metrics`). */
  usage(): UsageSnapshot;
  /** Circuit breaker state per provider (`/metrics`). */
  circuits(): CircuitSnapshot[];
  /** Frees local models. */
  close(): Promise<void>;
}

interface Provider {
  semaphore: Limiter;
  breaker: CircuitBreaker | null;
  external: Limiter | undefined;
}

/**
 * Builds the models from resolved settings. Nothing is loaded or contacted here: servers are called on
 * use, local models are loaded on first use (or by `prepare`), node-llama-cpp is imported only when a
 * local model is configured. Models on the same base URL share one semaphore and one circuit breaker.
 */
export function createModels(settings: ModelSettings, deps: ModelsDeps = {}): ModelsHandle {
  const limits = resolveLimits(settings.limits);
  const logger = deps.logger ?? silentLogger;
  const now = deps.now ?? Date.now;
  const timer = deps.timer ?? realTimer;
  const counters = createUsageCounters();
  const record = (usage: ModelUsageRecord) => {
    counters.add(usage);
    try {
      deps.onUsage?.(usage);
    } catch (error) {
      logger.warn('usage callback failed', { error });
    }
  };

  const providers = new Map<string, Provider>();
  const remoteProvider = (baseURL: string): Provider => {
    const key = baseURL.replace(/\/+$/, '');
    let provider = providers.get(key);
    if (!provider) {
      provider = {
        semaphore: createSemaphore(limits.maxConcurrency, { reserve: limits.interactiveReserve }),
        breaker: createCircuitBreaker({
          name: key,
          failureThreshold: limits.breakerFailureThreshold,
          cooldownMs: limits.breakerCooldownMs,
          now,
          onChange: (state, snapshot) =>
            (state === 'open' ? logger.warn : logger.info)(`model circuit ${state}`, { ...snapshot }),
        }),
        external: deps.limiter,
      };
      providers.set(key, provider);
    }
    return provider;
  };
  // A local model has one context with one sequence: calls run one at a time.
  const localProvider = (): Provider => ({
    semaphore: createSemaphore(1),
    breaker: null,
    external: undefined,
  });

  const guard = (modelId: string, provider: Provider, remote: boolean): GuardOptions => ({
    modelId,
    limits,
    retry: remote,
    responseTimeouts: remote,
    breaker: provider.breaker,
    semaphore: provider.semaphore,
    ...(provider.external ? { limiter: provider.external } : {}),
    sleep: deps.sleep ?? sleep,
    timer,
    random: deps.random ?? Math.random,
    now,
    logger,
    record,
  });

  let runtime: LocalRuntime | undefined;
  const local = () => {
    runtime ??= createLocalRuntime({
      gpu: Boolean(
        (settings.language?.kind === 'local' && settings.language.gpu) ||
          (settings.embedding.kind === 'local' && settings.embedding.gpu),
      ),
      logger,
      timer,
      now: () => new Date(now()),
      ...(deps.onDownloadProgress ? { onDownloadProgress: deps.onDownloadProgress } : {}),
      ...(deps.importNodeLlamaCpp ? { importer: deps.importNodeLlamaCpp } : {}),
    });
    return runtime;
  };

  // Language model
  const languageSettings = settings.language;
  const languageId = languageSettings ? languageModelId(languageSettings) : null;
  let language: LanguageModelV3 | null = null;
  let languageForProbe: LanguageModelV3 | null = null;
  let prepareLanguage = async () => {};
  if (languageSettings?.kind === 'openai-compatible') {
    const raw = createRemoteLanguageModel(languageSettings, deps.fetch);
    language = guardLanguageModel(
      raw,
      guard(languageSettings.model, remoteProvider(languageSettings.baseURL), true),
    );
    languageForProbe = raw;
  } else if (languageSettings?.kind === 'local') {
    const session = retryable(() => local().chatSession(languageSettings));
    const raw = createLocalLanguageModel({ modelId: languageId as string, session });
    language = guardLanguageModel(raw, guard(languageId as string, localProvider(), false));
    languageForProbe = language;
    prepareLanguage = async () => {
      await session();
    };
  }

  // Embedder
  const embeddingSettings = settings.embedding;
  const embeddingId = embeddingSpaceId(embeddingSettings);
  let embedder: Embedder;
  let embeddingForProbe: EmbeddingModelV3 | null = null;
  let prepareEmbedding = async () => {};
  if (embeddingSettings.kind === 'openai-compatible') {
    const raw = createRemoteEmbeddingModel(embeddingSettings, deps.fetch);
    embeddingForProbe = raw;
    embedder = createModelEmbedder({
      id: embeddingId,
      kind: 'remote',
      model: guardEmbeddingModel(raw, guard(embeddingId, remoteProvider(embeddingSettings.baseURL), true)),
      batchSize: embeddingSettings.batchSize ?? 64,
      ...(embeddingSettings.dimensions === undefined ? {} : { dimensions: embeddingSettings.dimensions }),
      providerOptions: remoteEmbeddingOptions(embeddingSettings),
    });
  } else if (embeddingSettings.kind === 'local') {
    const session = retryable(() => local().embeddingSession(embeddingSettings));
    const guarded = guardEmbeddingModel(
      createLocalEmbeddingModel({ modelId: embeddingId, session }),
      guard(embeddingId, localProvider(), false),
    );
    embeddingForProbe = guarded;
    embedder = createModelEmbedder({
      id: embeddingId,
      kind: 'local',
      model: guarded,
      batchSize: 16,
      normalize: true,
    });
    prepareEmbedding = async () => {
      await session();
    };
  } else {
    embedder = createLexicalEmbedder({ logger });
  }

  const localModels = () => {
    const list: Array<[LocalModelFileSettings, LocalModelRole]> = [];
    if (languageSettings?.kind === 'local') list.push([languageSettings, 'language']);
    if (embeddingSettings.kind === 'local') list.push([embeddingSettings, 'embedding']);
    return list;
  };

  return {
    language,
    languageId,
    embedder,
    async probe() {
      const probeDeps = {
        fetch: deps.fetch ?? globalThis.fetch,
        timer,
        now,
        timeoutMs: Math.min(limits.totalTimeoutMs, 15_000),
        localTimeoutMs: Math.max(limits.totalTimeoutMs, 120_000),
      };
      const [languageEntry, embeddingEntry] = await Promise.all([
        probeLanguage(
          {
            settings: languageSettings,
            model: languageForProbe,
            ...(languageSettings?.kind === 'local'
              ? { locate: () => local().locate(languageSettings, 'language') }
              : {}),
          },
          probeDeps,
        ),
        probeEmbedding(
          {
            settings: embeddingSettings,
            id: embeddingId,
            model: embeddingForProbe,
            ...(embeddingSettings.kind === 'local'
              ? { locate: () => local().locate(embeddingSettings, 'embedding') }
              : {}),
          },
          probeDeps,
        ),
      ]);
      return {
        ok: languageEntry.answerOk && embeddingEntry.answerOk,
        language: languageEntry,
        embedding: embeddingEntry,
      };
    },
    async prepare(options = {}) {
      if (options.retry) {
        for (const [settings, role] of localModels()) local().forgetDownloadFailure(settings, role);
      }
      await Promise.all([prepareLanguage(), prepareEmbedding()]);
    },
    downloadFailures() {
      return localModels().flatMap(([settings, role]) => {
        const failure = local().downloadFailure(settings, role);
        return failure ? [{ ...failure, role }] : [];
      });
    },
    usage: () => counters.snapshot(),
    circuits: () =>
      [...providers.values()]
        .map((provider) => provider.breaker?.snapshot())
        .filter((snapshot): snapshot is CircuitSnapshot => snapshot !== undefined),
    async close() {
      await runtime?.dispose();
    },
  };
}
