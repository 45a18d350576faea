import type { ModelUsageRecord, Store } from '../core/index.ts';
import {
  type Clock,
  ConfigError,
  createJsonLogger,
  fixedClock,
  type IdGenerator,
  type Logger,
  randomIds,
  systemClock,
} from '../core/index.ts';
import {
  chooseLocalEmbedding,
  createModels,
  type DownloadProgress,
  type EmbeddingChoiceStatus,
  type EmbeddingSettings,
  forgetStaleDownloadFailures,
  type Limiter,
  type ModelsHandle,
} from '../llm/index.ts';
import { openStore } from '../store/index.ts';
import { type EmbeddingConfig, type IpetConfig, modelsDirOf } from './config.ts';

/**
 * The embedder in use when ipet chose it (`automatic`: a local language model and no embedding model named):
 * the default embedding model when it is `ready` or was `downloaded`, else the lexical fallback and why
 * (`warning`). `configured`: the embedder was named in the settings.
 */
export interface EmbeddingState {
  automatic: boolean;
  status: EmbeddingChoiceStatus | 'configured';
  warning: string | null;
  /** The automatic embedder's model spec, and when its download failed (a remembered failure). */
  model?: string;
  failedAt?: string;
}

/**
 * Everything a command or the server needs, built once from the configuration: the store, the models
 * (guarded by the middleware), the clock, ids and the logger. Usage records are buffered and written to
 * the store in batches.
 */
export interface Runtime {
  config: IpetConfig;
  store: Store;
  models: ModelsHandle;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  /** The language model, or a ConfigError saying what to set. */
  language(): NonNullable<ModelsHandle['language']>;
  /** Writes buffered usage records. */
  flushUsage(): Promise<void>;
  /**
   * Replaces the models with ones built from new settings (the model saved in the web app), without a
   * restart: `config` and `models` change at once, calls already running finish on the old models, which
   * are closed afterwards. Usage totals (`/metrics`) start again from zero. Absent on hand-built test
   * runtimes, where the model settings cannot change.
   */
  reconfigureModels?(settings: Pick<IpetConfig, 'language' | 'embedding' | 'modelSource'>): Promise<void>;
  /** Which embedder is in use when ipet chose it, and why (absent on hand-built test runtimes). */
  readonly embedding?: EmbeddingState;
  /**
   * The automatic embedder only: downloads the default embedding model now when it is missing (with
   * progress; a failure is remembered) and switches the models to it. Resolves with the new state.
   */
  downloadEmbeddingModel?(options?: { retry?: boolean; signal?: AbortSignal }): Promise<EmbeddingState>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  logger?: Logger;
  clock?: Clock;
  ids?: IdGenerator;
  limiter?: Limiter;
  onDownloadProgress?: (progress: DownloadProgress & { model: string }) => void;
  /**
   * The automatic embedder: download the default embedding model before opening when it is missing (a
   * command that needs the final embedder at once, `ipet reindex`). Default false: no network at start.
   */
  downloadEmbeddingModel?: boolean;
}

const CONFIGURED: EmbeddingState = { automatic: false, status: 'configured', warning: null };

export async function openRuntime(config: IpetConfig, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger =
    options.logger ??
    createJsonLogger({ write: (line) => process.stderr.write(line), level: config.logLevel });
  const clock = options.clock ?? (config.now ? fixedClock(config.now) : systemClock);
  const store = await openStore(config.store, {
    logger,
    ...(config.redis ? { redis: config.redis } : {}),
  });
  const pending: ModelUsageRecord[] = [];
  let flushing: Promise<void> = Promise.resolve();
  const flushUsage = () => {
    const batch = pending.splice(0, pending.length);
    if (batch.length === 0) return flushing;
    flushing = flushing
      .then(() => store.usage.record(batch))
      .catch((error) => logger.warn('could not store model usage', { error }));
    return flushing;
  };
  const closing = new AbortController();
  /** The configured embedder, or for the automatic one what can be had (see EmbeddingState). */
  const chooseEmbedding = async (
    embedding: EmbeddingConfig,
    download: boolean,
    retry = false,
    signal?: AbortSignal,
  ): Promise<{ settings: EmbeddingSettings; state: EmbeddingState }> => {
    if (embedding.kind !== 'local' || !embedding.automatic) return { settings: embedding, state: CONFIGURED };
    const { automatic: _automatic, ...local } = embedding;
    const choice = await chooseLocalEmbedding(local, {
      download,
      retry,
      logger,
      signal: signal ? AbortSignal.any([closing.signal, signal]) : closing.signal,
      ...(options.onDownloadProgress ? { onDownloadProgress: options.onDownloadProgress } : {}),
    });
    const state: EmbeddingState = {
      automatic: true,
      status: choice.status,
      warning: choice.warning,
      model: choice.model,
      ...(choice.failedAt ? { failedAt: choice.failedAt } : {}),
    };
    return { settings: choice.settings, state };
  };
  const buildModels = (settings: IpetConfig, embedding: EmbeddingSettings) => {
    // A download failure is remembered until the model settings change: forget those of other models.
    forgetStaleDownloadFailures(modelsDirOf(settings.dataDir), settings);
    return createModels(
      {
        language: settings.language,
        embedding,
        limits: {
          maxConcurrency: settings.llm.maxConcurrency,
          firstTokenTimeoutMs: settings.llm.firstTokenTimeoutMs,
          responseTimeoutMs: settings.llm.responseTimeoutMs,
          embeddingTimeoutMs: settings.llm.embeddingTimeoutMs,
          totalTimeoutMs: settings.llm.totalTimeoutMs,
          maxRetries: settings.llm.maxRetries,
        },
      },
      {
        logger,
        onUsage: (record) => {
          pending.push(record);
          if (pending.length >= 50) void flushUsage();
        },
        ...(options.limiter ? { limiter: options.limiter } : {}),
        ...(options.onDownloadProgress ? { onDownloadProgress: options.onDownloadProgress } : {}),
      },
    );
  };
  let current = config;
  let chosen: { settings: EmbeddingSettings; state: EmbeddingState };
  try {
    chosen = await chooseEmbedding(config.embedding, options.downloadEmbeddingModel ?? false);
  } catch (error) {
    await store.close();
    throw error;
  }
  let models = buildModels(current, chosen.settings);
  return {
    get config() {
      return current;
    },
    store,
    get models() {
      return models;
    },
    clock,
    ids: options.ids ?? randomIds,
    logger,
    language() {
      if (!models.language) {
        throw new ConfigError('no language model is configured', {
          hint: 'set IPET_LLM_BASE_URL and IPET_LLM_MODEL (any OpenAI-compatible server), or IPET_LLM_MODEL_PATH',
        });
      }
      return models.language;
    },
    flushUsage,
    async reconfigureModels(settings) {
      const previous = models;
      current = {
        ...current,
        language: settings.language,
        embedding: settings.embedding,
        modelSource: settings.modelSource,
      };
      chosen = await chooseEmbedding(current.embedding, false);
      models = buildModels(current, chosen.settings);
      await previous.close();
    },
    get embedding() {
      return chosen.state;
    },
    async downloadEmbeddingModel(opts = {}) {
      const before = chosen.state;
      if (!before.automatic || before.status === 'ready' || before.status === 'downloaded') return before;
      const next = await chooseEmbedding(current.embedding, true, opts.retry ?? false, opts.signal);
      if (next.settings.kind === chosen.settings.kind) {
        chosen = next;
        return chosen.state;
      }
      const previous = models;
      chosen = next;
      models = buildModels(current, chosen.settings);
      await previous.close();
      return chosen.state;
    },
    async close() {
      closing.abort(new Error('the runtime was closed'));
      await flushUsage();
      await models.close();
      await store.close();
    },
  };
}
