import { ConfigError, IpetError, type Logger, silentLogger } from '../../core/index.ts';
import { realTimer, type Timer } from '../policy/signals.ts';
import type { EmbeddingSettings, LocalEmbeddingSettings } from '../settings.ts';
import { DEFAULT_LOCAL_MODEL_SIZES, modelFileLabel, resolveDefaultModel } from './default-models.ts';
import { createDownloadFailureMemory } from './download-failures.ts';
import { DEFAULT_DOWNLOAD_TIMEOUT_MS } from './local-runtime.ts';
import { type ImportNodeLlamaCpp, loadNodeLlamaCpp } from './node-llama-cpp.ts';
import {
  type DownloadProgress,
  locateModelFile,
  type ResolveModelFileOptions,
  resolveModelFile,
} from './resolve-model-file.ts';

/**
 * What the automatic embedder is: the local embedding model when its file is on disk (`ready`) or was just
 * downloaded (`downloaded`); otherwise the offline lexical embedder, because the download was not attempted
 * here (`not-downloaded`), failed now or before (`failed`), or node-llama-cpp cannot be loaded
 * (`unavailable`).
 */
export type EmbeddingChoiceStatus = 'ready' | 'downloaded' | 'not-downloaded' | 'failed' | 'unavailable';

export interface EmbeddingChoice {
  /** The settings to build the embedder from: the local model or `{ kind: 'lexical' }`. */
  settings: EmbeddingSettings;
  status: EmbeddingChoiceStatus;
  /** For a person, when the lexical fallback is used: why, and what to do. Null otherwise. */
  warning: string | null;
  /** The model spec (`'default'` resolved) and, when its download failed earlier, when that was. */
  model: string;
  failedAt?: string;
}

export interface ChooseEmbeddingOptions {
  /** Download the model when it is not on disk (with progress). False: never touch the network. */
  download: boolean;
  /** Forget a remembered failed download first and try again (an explicit retry: `ipet doctor`). */
  retry?: boolean;
  /** Deadlines of the download (default: real time). */
  timer?: Timer;
  logger?: Logger;
  onDownloadProgress?: (progress: DownloadProgress & { model: string }) => void;
  /** Time of a remembered failure. Default: now. */
  now?: () => Date;
  /** The download server check (default: the global fetch). */
  fetch?: ResolveModelFileOptions['fetch'];
  /** Stops a download (shutdown). */
  signal?: AbortSignal;
  /** Test seam: how node-llama-cpp is imported. */
  importer?: ImportNodeLlamaCpp;
}

/**
 * Chooses the embedder when none is named and the language model is local: the local embedding model
 * `settings.model` (`'default'`: BGE-M3, multilingual) when it can be had, else the lexical fallback with a
 * warning. A failed download is remembered in the models directory like any other (the next start falls
 * back at once; `ipet doctor` retries it); without `download` nothing leaves the machine.
 */
export async function chooseLocalEmbedding(
  settings: LocalEmbeddingSettings,
  options: ChooseEmbeddingOptions,
): Promise<EmbeddingChoice> {
  const logger = options.logger ?? silentLogger;
  const spec = resolveDefaultModel(settings.model, 'embedding');
  const label = modelFileLabel(settings.model, 'embedding');
  const size = settings.model === 'default' ? `, ${DEFAULT_LOCAL_MODEL_SIZES.embedding}` : '';
  const lexical = (status: EmbeddingChoiceStatus, why: string, failedAt?: string): EmbeddingChoice => {
    const warning = `${why}; memories are searched with the offline lexical embedder (word overlap, no meaning)`;
    logger.info('embedding model unavailable: lexical fallback', { model: spec, status });
    return { settings: { kind: 'lexical' }, status, warning, model: spec, ...(failedAt ? { failedAt } : {}) };
  };

  let llamaCpp: Awaited<ReturnType<typeof loadNodeLlamaCpp>>;
  try {
    llamaCpp = await loadNodeLlamaCpp(options.importer);
  } catch (error) {
    return lexical('unavailable', `the embedding model ${label} cannot run here (${describe(error)})`);
  }
  const failures = createDownloadFailureMemory(settings.modelsDir);
  if (options.retry && options.download) failures.forget(spec);
  try {
    const found = await locateModelFile(settings.model, {
      role: 'embedding',
      modelsDir: settings.modelsDir,
      llamaCpp,
    });
    if (found) return { settings, status: 'ready', warning: null, model: spec };
  } catch (error) {
    return lexical('failed', `the embedding model ${label} is not usable (${describe(error)})`);
  }
  const remembered = failures.get(spec);
  if (remembered) {
    return lexical(
      'failed',
      `the embedding model ${label} could not be downloaded (${remembered.message}); \`ipet doctor\` retries it`,
      remembered.at,
    );
  }
  if (!options.download) {
    return lexical(
      'not-downloaded',
      `the embedding model ${label}${size} is not downloaded yet (\`ipet up\`, \`ipet serve\` or \`ipet reindex\` download it)`,
    );
  }
  try {
    await resolveModelFile(settings.model, {
      role: 'embedding',
      modelsDir: settings.modelsDir,
      firstByteTimeoutMs: settings.downloadTimeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS,
      timer: options.timer ?? realTimer,
      llamaCpp,
      failures,
      fetch: options.fetch ?? globalThis.fetch,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.onDownloadProgress
        ? { onProgress: (p: DownloadProgress) => options.onDownloadProgress?.({ ...p, model: spec }) }
        : {}),
    });
    return { settings, status: 'downloaded', warning: null, model: spec };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return lexical('failed', `the embedding model ${label} could not be downloaded (${describe(error)})`);
  }
}

function describe(error: unknown): string {
  if (IpetError.is(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}
