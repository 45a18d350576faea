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
import { type DownloadFailureMemory, rememberedFailureError } from './download-failures.ts';
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
  /**
   * Failed downloads, remembered per spec: a remembered failure is thrown again at once (no download), a
   * new failure is remembered, a success forgets it. Without it every call may download.
   */
  failures?: DownloadFailureMemory;
  /** Time of a remembered failure. Default: now. */
  now?: () => Date;
  /** Stops a download (shutdown): the partial file stays for the next attempt, nothing is remembered. */
  signal?: AbortSignal;
  /**
   * Checks that the download's server answers before handing the download to node-llama-cpp, whose
   * downloader retries an unreachable server for minutes and cannot be cancelled meanwhile. Without it
   * there is no check.
   */
  fetch?: (url: string, init: { method: string; signal: AbortSignal }) => Promise<{ status: number }>;
  /** Only the download parts of node-llama-cpp are used. */
  llamaCpp: Pick<NodeLlamaCpp, 'createModelDownloader' | 'resolveModelFile'>;
}

/**
 * A local file path for `model`: an existing file (absolute, relative to the working directory, or inside
 * `modelsDir`), or an `hf:` URI / URL, looked up in `modelsDir` and downloaded there when missing.
 * Everything that goes wrong is a ConfigError naming the variable to set. A download that fails is
 * remembered in `failures` (until the settings change or it is forgotten) and not attempted again; an
 * interrupted download resumes from its partial file.
 */
export async function resolveModelFile(model: string, options: ResolveModelFileOptions): Promise<string> {
  const found = await locateModelFile(model, options);
  if (found !== null) return found;
  const spec = resolveDefaultModel(model, options.role);
  const remembered = options.failures?.get(spec);
  if (remembered) throw rememberedFailureError(remembered);
  try {
    const path = await download(spec, options);
    options.failures?.forget(spec);
    return path;
  } catch (error) {
    if (options.failures && !options.signal?.aborted && error instanceof ConfigError) {
      options.failures.remember({
        spec,
        message: error.message,
        hint: error.hint ?? null,
        at: (options.now?.() ?? new Date()).toISOString(),
      });
    }
    throw error;
  }
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
  // node-llama-cpp finds `hf:` files by name offline, but not a plain URL's (it asks the server for the
  // name): the downloader keeps the URL's file name, so look for that.
  const urlFile = /^https?:\/\//i.test(spec) ? urlFileName(spec) : null;
  if (urlFile && existsSync(join(options.modelsDir, urlFile))) return join(options.modelsDir, urlFile);
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

async function download(spec: string, options: ResolveModelFileOptions): Promise<string> {
  const variable = modelPathVariable(options.role);
  options.signal?.throwIfAborted();
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
  let downloader: { cancel(options?: { deleteTempFile?: boolean }): Promise<void> } | undefined;
  const work = (async () => {
    if (options.fetch) await checkReachable(spec, options.fetch, stop.signal);
    const created = await options.llamaCpp.createModelDownloader({
      modelUri: spec,
      dirPath: options.modelsDir,
      showCliProgress: false,
      skipExisting: true,
      // The partial file (and ipull's progress record) stay, so the next attempt resumes.
      deleteTempFileOnCancel: false,
      onProgress: ({ downloadedSize, totalSize }) => {
        if (downloadedSize > 0) firstByte.clear();
        options.onProgress?.({ downloadedBytes: downloadedSize, totalBytes: totalSize });
      },
    });
    downloader = created;
    if (stop.signal.aborted) {
      // Given up while it was being created: stop it (its partial file stays).
      await created.cancel({ deleteTempFile: false }).catch(() => {});
      throw stop.signal.reason;
    }
    return created.download({ signal: stop.signal });
  })();
  const stopped = options.signal ? AbortSignal.any([firstByte.signal, options.signal]) : firstByte.signal;
  try {
    return await raceAbort(work, stopped);
  } catch (error) {
    stop.abort(error);
    downloader?.cancel({ deleteTempFile: false }).catch(() => {});
    if (firstByte.expired) throw firstByte.signal.reason;
    if (options.signal?.aborted) {
      throw new ConfigError(`the download of the local model ${spec} was stopped`, {
        cause: error,
        hint: 'it resumes where it stopped the next time ipet starts',
      });
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`could not download the local model ${spec}: ${reason}`, {
      cause: error,
      hint: offlineHint(variable),
    });
  } finally {
    firstByte.clear();
  }
}

/** The URL a HEAD request can check: the file itself, or Hugging Face's site for an `hf:` URI. */
function probeUrl(spec: string): string {
  return /^hf:/i.test(spec) ? 'https://huggingface.co/' : spec;
}

async function checkReachable(
  spec: string,
  fetch: NonNullable<ResolveModelFileOptions['fetch']>,
  signal: AbortSignal,
): Promise<void> {
  const url = probeUrl(spec);
  let status: number;
  try {
    ({ status } = await fetch(url, { method: 'HEAD', signal }));
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
    const host = new URL(url).host;
    throw new Error(
      `${host} cannot be reached (${typeof cause === 'string' ? cause : (error as Error).message})`,
    );
  }
  if (status === 404 || status === 410) throw new Error(`${url} answered ${status}: there is no such file`);
}

function offlineHint(variable: string): string {
  return variable === 'IPET_LLM_MODEL_PATH'
    ? 'use a model server instead: set IPET_LLM_BASE_URL and IPET_LLM_MODEL (Ollama, vLLM, LM Studio or a hosted API; or enter it in the web app under Settings), or download a .gguf file yourself and set IPET_LLM_MODEL_PATH to it; `ipet doctor` retries the download'
    : `download a .gguf embedding model yourself and set ${variable} to it, or set IPET_EMBED_BASE_URL and IPET_EMBED_MODEL to use a server (or ${variable}=lexical for the offline lexical fallback); \`ipet doctor\` retries the download`;
}

/** The last path segment of a URL (`.../tiny.gguf?x` -> `tiny.gguf`), or null when it has none. */
function urlFileName(url: string): string | null {
  try {
    const name = decodeURIComponent(new URL(url).pathname.split('/').at(-1) ?? '');
    return name && !name.includes('\\') && name !== '..' && name !== '.' ? name : null;
  } catch {
    return null;
  }
}
