import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../core/index.ts';
import { manualTimer } from '../../test/index.ts';
import { DEFAULT_LOCAL_LANGUAGE_MODEL } from './default-models.ts';
import {
  createDownloadFailureMemory,
  DOWNLOAD_FAILURES_FILE,
  forgetStaleDownloadFailures,
} from './download-failures.ts';
import { type ResolveModelFileOptions, resolveModelFile } from './resolve-model-file.ts';

type LlamaCpp = ResolveModelFileOptions['llamaCpp'];

const notDownloaded: LlamaCpp['resolveModelFile'] = async () => {
  throw new Error('No model file found and download is disabled');
};

function options(
  llamaCpp: Partial<LlamaCpp>,
  extra: Partial<ResolveModelFileOptions> = {},
): ResolveModelFileOptions {
  return {
    role: 'language',
    modelsDir: mkdtempSync(join(tmpdir(), 'ipet-models-')),
    firstByteTimeoutMs: 30_000,
    timer: manualTimer(),
    llamaCpp: {
      resolveModelFile: notDownloaded,
      createModelDownloader: async () => {
        throw new Error('unexpected download');
      },
      ...llamaCpp,
    } as LlamaCpp,
    ...extra,
  };
}

describe('resolveModelFile', () => {
  it('finds a file by absolute path or by name inside the models directory', async () => {
    const opts = options({});
    const file = join(opts.modelsDir, 'tiny.gguf');
    writeFileSync(file, 'GGUF');
    expect(await resolveModelFile(file, opts)).toBe(file);
    expect(await resolveModelFile('tiny.gguf', opts)).toBe(file);
  });

  it('reports a missing file as a ConfigError naming the variable to set', async () => {
    const error = await resolveModelFile('/nowhere/model.gguf', options({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('/nowhere/model.gguf does not exist');
    expect((error as ConfigError).hint).toContain('IPET_LLM_MODEL_PATH');
    const embed = await resolveModelFile('/nowhere/e.gguf', options({}, { role: 'embedding' })).catch(
      (e: unknown) => e,
    );
    expect((embed as ConfigError).hint).toContain('IPET_EMBED_MODEL_PATH');
  });

  it('uses an already downloaded file without touching the network', async () => {
    const opts = options({ resolveModelFile: async () => '/models/hf_qwen.gguf' });
    expect(await resolveModelFile('default', opts)).toBe('/models/hf_qwen.gguf');
  });

  it('downloads the default model into the models directory, reporting progress', async () => {
    const seen: Array<{ modelUri: string; dirPath: string | undefined }> = [];
    const progress: Array<[number, number]> = [];
    const opts = options(
      {
        createModelDownloader: (async (o: Parameters<LlamaCpp['createModelDownloader']>[0]) => {
          seen.push({ modelUri: (o as { modelUri: string }).modelUri, dirPath: o.dirPath });
          return {
            download: async () => {
              o.onProgress?.({ downloadedSize: 10, totalSize: 100, estimatedTimeLeft: 1, averageSpeed: 1 });
              o.onProgress?.({ downloadedSize: 100, totalSize: 100, estimatedTimeLeft: 0, averageSpeed: 1 });
              return `${o.dirPath}/model.gguf`;
            },
            cancel: async () => {},
          };
        }) as unknown as LlamaCpp['createModelDownloader'],
      },
      { onProgress: (p) => progress.push([p.downloadedBytes, p.totalBytes]) },
    );
    expect(await resolveModelFile('default', opts)).toBe(`${opts.modelsDir}/model.gguf`);
    expect(seen).toEqual([{ modelUri: DEFAULT_LOCAL_LANGUAGE_MODEL, dirPath: opts.modelsDir }]);
    expect(progress).toEqual([
      [10, 100],
      [100, 100],
    ]);
  });

  it('gives up a download that never starts, with a no-network ConfigError', async () => {
    const timer = manualTimer();
    let cancelled = false;
    const opts = options(
      {
        createModelDownloader: (async () => ({
          download: () => new Promise(() => {}),
          cancel: async () => {
            cancelled = true;
          },
        })) as unknown as LlamaCpp['createModelDownloader'],
      },
      { timer, firstByteTimeoutMs: 5_000 },
    );
    const pending = resolveModelFile('hf:someone/some-model:Q4_K_M', opts).catch((e: unknown) => e);
    await vi.waitFor(() => expect(timer.pending()).toEqual([5_000]));
    timer.fire(5_000);
    const error = await pending;
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('no network');
    expect((error as ConfigError).hint).toContain('IPET_LLM_MODEL_PATH');
    expect(cancelled).toBe(true);
  });

  it('turns a failed download into a ConfigError with the same advice', async () => {
    const opts = options({
      createModelDownloader: async () => {
        throw new TypeError('fetch failed');
      },
    });
    const error = await resolveModelFile('https://example.invalid/m.gguf', opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('fetch failed');
    expect((error as ConfigError).hint).toContain('IPET_LLM_MODEL_PATH');
  });
});

describe('resolveModelFile checks the server first', () => {
  it('fails at once when the download server cannot be reached, without starting the downloader', async () => {
    const heads: string[] = [];
    const opts = options(
      {},
      {
        fetch: async (url, init) => {
          heads.push(`${init.method} ${url}`);
          throw new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } });
        },
      },
    );
    const error = await resolveModelFile('default', opts).catch((e: unknown) => e);
    expect(heads).toEqual(['HEAD https://huggingface.co/']);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('huggingface.co cannot be reached (ENOTFOUND)');
  });

  it('names a file the server does not have', async () => {
    const opts = options({}, { fetch: async () => ({ status: 404 }) });
    const error = await resolveModelFile('https://models.test/none.gguf', opts).catch((e: unknown) => e);
    expect((error as ConfigError).message).toContain('https://models.test/none.gguf answered 404');
  });
});

describe('resolveModelFile remembers a failed download', () => {
  /** A downloader that fails the way an offline machine does, counting its calls. */
  function offline() {
    const calls: string[] = [];
    const createModelDownloader = (async (o: { modelUri: string }) => {
      calls.push(o.modelUri);
      throw new TypeError('fetch failed');
    }) as unknown as LlamaCpp['createModelDownloader'];
    return { calls, createModelDownloader };
  }

  it('fails at once with the same ConfigError on the next call, without calling the downloader', async () => {
    const fake = offline();
    const base = options({ createModelDownloader: fake.createModelDownloader });
    const opts = {
      ...base,
      failures: createDownloadFailureMemory(base.modelsDir),
      now: () => new Date('2026-05-01T09:30:00Z'),
    };
    const first = await resolveModelFile('default', opts).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ConfigError);
    expect(fake.calls).toEqual([DEFAULT_LOCAL_LANGUAGE_MODEL]);

    const second = await resolveModelFile('default', opts).catch((e: unknown) => e);
    expect(fake.calls).toHaveLength(1);
    expect(second).toBeInstanceOf(ConfigError);
    expect((second as ConfigError).message).toContain((first as ConfigError).message);
    expect((second as ConfigError).message).toContain('2026-05-01T09:30:00.000Z');
    expect((second as ConfigError).hint).toBe((first as ConfigError).hint);
    expect((second as ConfigError).hint).toContain('IPET_LLM_BASE_URL');

    // Remembered on disk, keyed by the model spec: a new process (a new memory) does not retry either.
    const file = JSON.parse(readFileSync(join(base.modelsDir, DOWNLOAD_FAILURES_FILE), 'utf8'));
    expect(Object.keys(file.failures)).toEqual([DEFAULT_LOCAL_LANGUAGE_MODEL]);
    await resolveModelFile('default', {
      ...opts,
      failures: createDownloadFailureMemory(base.modelsDir),
    }).catch(() => {});
    expect(fake.calls).toHaveLength(1);
  });

  it('tries again for a different model spec, and after the failure is forgotten', async () => {
    const fake = offline();
    const base = options({ createModelDownloader: fake.createModelDownloader });
    const failures = createDownloadFailureMemory(base.modelsDir);
    const opts = { ...base, failures };
    await resolveModelFile('default', opts).catch(() => {});
    await resolveModelFile('hf:someone/other-model:Q4_K_M', opts).catch(() => {});
    expect(fake.calls).toEqual([DEFAULT_LOCAL_LANGUAGE_MODEL, 'hf:someone/other-model:Q4_K_M']);

    // The configuration now names only the other model: the default's failure is forgotten.
    forgetStaleDownloadFailures(base.modelsDir, {
      language: { kind: 'local', model: 'hf:someone/other-model:Q4_K_M', modelsDir: base.modelsDir },
      embedding: { kind: 'lexical' },
    });
    expect(failures.all().map((f) => f.spec)).toEqual(['hf:someone/other-model:Q4_K_M']);
    await resolveModelFile('default', opts).catch(() => {});
    expect(fake.calls).toHaveLength(3);

    // An explicit retry (ipet doctor) forgets it; a model server instead of local models forgets them all.
    failures.forget('hf:someone/other-model:Q4_K_M');
    await resolveModelFile('hf:someone/other-model:Q4_K_M', opts).catch(() => {});
    expect(fake.calls).toHaveLength(4);
    forgetStaleDownloadFailures(base.modelsDir, {
      language: { kind: 'openai-compatible', baseURL: 'http://127.0.0.1:11434/v1', model: 'qwen2.5:1.5b' },
      embedding: { kind: 'lexical' },
    });
    expect(existsSync(join(base.modelsDir, DOWNLOAD_FAILURES_FILE))).toBe(false);
  });

  it('sees a failure removed by another process (the file is the authority)', async () => {
    const fake = offline();
    const base = options({ createModelDownloader: fake.createModelDownloader });
    const opts = { ...base, failures: createDownloadFailureMemory(base.modelsDir) };
    await resolveModelFile('default', opts).catch(() => {});
    rmSync(join(base.modelsDir, DOWNLOAD_FAILURES_FILE));
    await resolveModelFile('default', opts).catch(() => {});
    expect(fake.calls).toHaveLength(2);
  });

  it('keeps the partial file and remembers nothing when the download is stopped (shutdown)', async () => {
    const stop = new AbortController();
    const cancels: unknown[] = [];
    const seen: unknown[] = [];
    const base = options({
      createModelDownloader: (async (o: Record<string, unknown>) => {
        seen.push(o['deleteTempFileOnCancel']);
        return {
          download: () => new Promise(() => {}),
          cancel: async (c: unknown) => {
            cancels.push(c);
          },
        };
      }) as unknown as LlamaCpp['createModelDownloader'],
    });
    const failures = createDownloadFailureMemory(base.modelsDir);
    const pending = resolveModelFile('default', { ...base, failures, signal: stop.signal }).catch(
      (e: unknown) => e,
    );
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    stop.abort();
    const error = await pending;
    expect((error as ConfigError).message).toContain('was stopped');
    expect(seen).toEqual([false]);
    expect(cancels).toEqual([{ deleteTempFile: false }]);
    expect(failures.all()).toEqual([]);
  });
});
