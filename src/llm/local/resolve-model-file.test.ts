import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../core/index.ts';
import { manualTimer } from '../../test/index.ts';
import { DEFAULT_LOCAL_LANGUAGE_MODEL } from './default-models.ts';
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
