import type { Llama, LlamaModel } from 'node-llama-cpp';
import type { Logger } from '../../core/index.ts';
import { ConfigError } from '../../core/index.ts';
import type { Timer } from '../policy/signals.ts';
import type { LocalModelFileSettings } from '../settings.ts';
import { isRemoteModel, type LocalModelRole, resolveDefaultModel } from './default-models.ts';
import {
  createDownloadFailureMemory,
  type DownloadFailure,
  type DownloadFailureMemory,
} from './download-failures.ts';
import { createLlamaChatSession } from './llama-chat-session.ts';
import type { LocalChatSession } from './local-chat-session.ts';
import type { LocalEmbeddingSession } from './local-embedding-model.ts';
import { type ImportNodeLlamaCpp, loadNodeLlamaCpp, type NodeLlamaCpp } from './node-llama-cpp.ts';
import {
  type DownloadProgress,
  locateModelFile,
  type ResolveModelFileOptions,
  resolveModelFile,
} from './resolve-model-file.ts';

export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 30_000;
export const DEFAULT_CONTEXT_SIZE = 8192;

export interface LocalRuntimeOptions {
  /** Offload to a GPU when one is found (otherwise CPU only). */
  gpu: boolean;
  logger: Logger;
  timer: Timer;
  onDownloadProgress?: (progress: DownloadProgress & { model: string }) => void;
  /** Time stamps of remembered download failures. Default: now. */
  now?: () => Date;
  /** Checks that a model's download server answers (default: the global fetch). */
  fetch?: NonNullable<ResolveModelFileOptions['fetch']>;
  /** Test seam: how node-llama-cpp is imported. */
  importer?: ImportNodeLlamaCpp;
}

/**
 * node-llama-cpp, loaded on first use: one Llama instance (prebuilt binaries only, never a source build),
 * model files resolved or downloaded, models loaded once. Failed loads are not remembered, so fixing the
 * file and calling again works - except failed downloads, which are remembered per model (in the models
 * directory) until the settings change or `forgetDownloadFailure` is called. `dispose` stops a download in
 * progress; it resumes from the partial file next time.
 */
export interface LocalRuntime {
  llama(): Promise<{ llamaCpp: NodeLlamaCpp; llama: Llama }>;
  /** The model file if it is on disk (never downloads); null when it still has to be downloaded. */
  locate(settings: LocalModelFileSettings, role: LocalModelRole): Promise<string | null>;
  chatSession(settings: LocalModelFileSettings & { contextSize?: number }): Promise<LocalChatSession>;
  embeddingSession(settings: LocalModelFileSettings): Promise<LocalEmbeddingSession>;
  /** The remembered failed download of this model, if any (then no download is attempted). */
  downloadFailure(settings: LocalModelFileSettings, role: LocalModelRole): DownloadFailure | null;
  /** Lets the next use try the download again. */
  forgetDownloadFailure(settings: LocalModelFileSettings, role: LocalModelRole): void;
  dispose(): Promise<void>;
}

export function createLocalRuntime(options: LocalRuntimeOptions): LocalRuntime {
  const disposed = new AbortController();
  const memories = new Map<string, DownloadFailureMemory>();
  const failuresIn = (modelsDir: string) => {
    let memory = memories.get(modelsDir);
    if (!memory) {
      memory = createDownloadFailureMemory(modelsDir);
      memories.set(modelsDir, memory);
    }
    return memory;
  };
  const remoteSpec = (settings: LocalModelFileSettings, role: LocalModelRole) => {
    const spec = resolveDefaultModel(settings.model, role);
    return isRemoteModel(spec) ? spec : null;
  };

  const getLlama = retryable(async () => {
    const llamaCpp = await loadNodeLlamaCpp(options.importer);
    try {
      const llama = await llamaCpp.getLlama({
        build: 'never',
        gpu: options.gpu ? 'auto' : false,
        skipDownload: true,
        progressLogs: false,
        logLevel: llamaCpp.LlamaLogLevel.warn,
        logger: (level, message) => options.logger.debug('llama.cpp', { level, line: message.trim() }),
      });
      return { llamaCpp, llama };
    } catch (error) {
      throw new ConfigError(
        `node-llama-cpp has no usable prebuilt binary here: ${(error as Error).message}`,
        {
          cause: error,
          hint: 'set IPET_LLM_BASE_URL to use a model server instead (ipet never compiles llama.cpp itself)',
        },
      );
    }
  });

  const models = new Map<string, () => Promise<LlamaModel>>();
  const loadModel = (settings: LocalModelFileSettings, role: LocalModelRole) => {
    const key = `${role}:${settings.model}`;
    let load = models.get(key);
    if (!load) {
      load = retryable(async () => {
        const { llamaCpp, llama } = await getLlama();
        const path = await resolveModelFile(settings.model, {
          role,
          modelsDir: settings.modelsDir,
          firstByteTimeoutMs: settings.downloadTimeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS,
          timer: options.timer,
          llamaCpp,
          failures: failuresIn(settings.modelsDir),
          fetch: options.fetch ?? globalThis.fetch,
          signal: disposed.signal,
          ...(options.now ? { now: options.now } : {}),
          ...(options.onDownloadProgress
            ? {
                onProgress: (p: DownloadProgress) =>
                  options.onDownloadProgress?.({ ...p, model: resolveDefaultModel(settings.model, role) }),
              }
            : {}),
        });
        try {
          return await llama.loadModel({ modelPath: path });
        } catch (error) {
          throw new ConfigError(`could not load the local model ${path}: ${(error as Error).message}`, {
            cause: error,
            hint: 'check that the file is a complete GGUF model that fits in memory',
          });
        }
      });
      models.set(key, load);
    }
    return load();
  };

  return {
    llama: getLlama,
    async locate(settings, role) {
      const llamaCpp = await loadNodeLlamaCpp(options.importer);
      return locateModelFile(settings.model, { role, modelsDir: settings.modelsDir, llamaCpp });
    },
    async chatSession(settings) {
      const { llamaCpp, llama } = await getLlama();
      const model = await loadModel(settings, 'language');
      return createLlamaChatSession({
        llamaCpp,
        llama,
        model,
        contextSize: settings.contextSize ?? DEFAULT_CONTEXT_SIZE,
        threads: settings.threads ?? llama.cpuMathCores,
        logger: options.logger,
      });
    },
    async embeddingSession(settings) {
      const { llama } = await getLlama();
      const model = await loadModel(settings, 'embedding');
      const context = await model.createEmbeddingContext({ threads: settings.threads ?? llama.cpuMathCores });
      return {
        embed: async (text) => (await context.getEmbeddingFor(text)).vector,
        countTokens: (text) => model.tokenize(text).length,
      };
    },
    downloadFailure(settings, role) {
      const spec = remoteSpec(settings, role);
      return spec ? failuresIn(settings.modelsDir).get(spec) : null;
    },
    forgetDownloadFailure(settings, role) {
      const spec = remoteSpec(settings, role);
      if (spec) failuresIn(settings.modelsDir).forget(spec);
    },
    async dispose() {
      disposed.abort(new Error('the local model runtime was closed'));
      const loaded = getLlama.peek();
      models.clear();
      if (!loaded) return;
      const runtime = await loaded.catch(() => undefined);
      await runtime?.llama.dispose();
    },
  };
}

/** Memoises a successful async result; a failure is forgotten so the next call tries again. */
export function retryable<T>(
  load: () => Promise<T>,
): (() => Promise<T>) & { peek(): Promise<T> | undefined } {
  let pending: Promise<T> | undefined;
  const get = () => {
    if (!pending) {
      pending = load();
      pending.catch(() => {
        pending = undefined;
      });
    }
    return pending;
  };
  return Object.assign(get, { peek: () => pending });
}
