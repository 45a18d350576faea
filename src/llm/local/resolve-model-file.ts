import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from '../../core/index.ts';
import { raceAbort, startDeadline, type Timer } from '../policy/signals.ts';
import {
  isRemoteModel,
  type LocalModelRole,
  modelPathVariable,
  resolveDefaultModel,
} from './default-models.ts';
import type { NodeLlamaCpp } from './node-llama-cpp.ts';

export interface DownloadProgress {
  downloadedBytes: number;
  totalBytes: number;
}

export interface ResolveModelFileOptions {
  role: LocalModelRole;
  modelsDir: string;
  /** Give up when no byte arrived within this many ms. */
  firstByteTimeoutMs: number;
  timer: Timer;
  onProgress?: (progress: DownloadProgress) => void;
  /** Only the download parts of node-llama-cpp are used. */
  llamaCpp: Pick<NodeLlamaCpp, 'createModelDownloader' | 'resolveModelFile'>;
}

/**
 * A local file path for `model`: an existing file (absolute, relative to the working directory, or inside
 * `modelsDir`), or an `hf:` URI / URL, looked up in `modelsDir` and downloaded there when missing.
 * Everything that goes wrong is a ConfigError naming the variable to set.
 */
export async function resolveModelFile(model: string, options: ResolveModelFileOptions): Promise<string> {
  const found = await locateModelFile(model, options);
  if (found !== null) return found;
  return download(resolveDefaultModel(model, options.role), options, modelPathVariable(options.role));
}

/**
 * Like resolveModelFile but never downloads: null when an `hf:` URI or URL is not downloaded yet. A missing
 * plain file is still a ConfigError.
 */
export async function locateModelFile(
  model: string,
  options: Pick<ResolveModelFileOptions, 'role' | 'modelsDir' | 'llamaCpp'>,
): Promise<string | null> {
  const spec = resolveDefaultModel(model, options.role);
  if (!isRemoteModel(spec)) {
    const candidates = isAbsolute(spec) ? [spec] : [resolve(spec), join(options.modelsDir, spec)];
    const found = candidates.find((path) => existsSync(path));
    if (found) return found;
    throw new ConfigError(`the local model file ${candidates[0]} does not exist`, {
      hint: `set ${modelPathVariable(options.role)} to an existing .gguf file, or to "default" to download a small model`,
    });
  }
  try {
    return await options.llamaCpp.resolveModelFile(spec, {
      directory: options.modelsDir,
      download: false,
      cli: false,
    });
  } catch {
    return null;
  }
}

async function download(spec: string, options: ResolveModelFileOptions, variable: string): Promise<string> {
  await mkdir(options.modelsDir, { recursive: true });
  const seconds = Math.round(options.firstByteTimeoutMs / 1000);
  const firstByte = startDeadline(
    options.firstByteTimeoutMs,
    options.timer,
    () =>
      new ConfigError(
        `could not download the local model ${spec}: nothing arrived within ${seconds} s, there seems to be no network`,
        { hint: offlineHint(variable) },
      ),
  );
  const stop = new AbortController();
  let downloader: { cancel(): Promise<void> } | undefined;
  const work = (async () => {
    const created = await options.llamaCpp.createModelDownloader({
      modelUri: spec,
      dirPath: options.modelsDir,
      showCliProgress: false,
      skipExisting: true,
      deleteTempFileOnCancel: true,
      onProgress: ({ downloadedSize, totalSize }) => {
        if (downloadedSize > 0) firstByte.clear();
        options.onProgress?.({ downloadedBytes: downloadedSize, totalBytes: totalSize });
      },
    });
    downloader = created;
    if (stop.signal.aborted) throw stop.signal.reason;
    return created.download({ signal: stop.signal });
  })();
  try {
    return await raceAbort(work, firstByte.signal);
  } catch (error) {
    stop.abort(error);
    downloader?.cancel().catch(() => {});
    if (firstByte.expired) throw firstByte.signal.reason;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`could not download the local model ${spec}: ${reason}`, {
      cause: error,
      hint: offlineHint(variable),
    });
  } finally {
    firstByte.clear();
  }
}

function offlineHint(variable: string): string {
  return `connect to the network and retry, or download a .gguf file yourself and set ${variable} to its path (or set IPET_LLM_BASE_URL to use a model server)`;
}
