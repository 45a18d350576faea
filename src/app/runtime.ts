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
  createModels,
  type DownloadProgress,
  forgetStaleDownloadFailures,
  type Limiter,
  type ModelsHandle,
} from '../llm/index.ts';
import { openStore } from '../store/index.ts';
import { type IpetConfig, modelsDirOf } from './config.ts';

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
  close(): Promise<void>;
}

export interface RuntimeOptions {
  logger?: Logger;
  clock?: Clock;
  ids?: IdGenerator;
  limiter?: Limiter;
  onDownloadProgress?: (progress: DownloadProgress & { model: string }) => void;
}

export async function openRuntime(config: IpetConfig, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger =
    options.logger ??
    createJsonLogger({ write: (line) => process.stderr.write(line), level: config.logLevel });
  const clock = options.clock ?? (config.now ? fixedClock(config.now) : systemClock);
  const store = await openStore(config.store, { logger });
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
  const buildModels = (settings: IpetConfig) => {
    // A download failure is remembered until the model settings change: forget those of other models.
    forgetStaleDownloadFailures(modelsDirOf(settings.dataDir), settings);
    return createModels(
      {
        language: settings.language,
        embedding: settings.embedding,
        limits: {
          maxConcurrency: settings.llm.maxConcurrency,
          firstTokenTimeoutMs: settings.llm.firstTokenTimeoutMs,
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
  let models = buildModels(current);
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
      models = buildModels(current);
      await previous.close();
    },
    async close() {
      await flushUsage();
      await models.close();
      await store.close();
    },
  };
}
