import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../core/index.ts';
import type { ModelSettings } from '../settings.ts';
import { resolveDefaultModel } from './default-models.ts';

/** The file in the models directory that remembers failed downloads, keyed by model spec. */
export const DOWNLOAD_FAILURES_FILE = 'download-failures.json';

export interface DownloadFailure {
  /** The model spec as configured (`hf:...`, a URL), after `'default'` is resolved. */
  spec: string;
  message: string;
  hint: string | null;
  /** ISO time of the failure. */
  at: string;
}

interface FailureFile {
  version: 1;
  failures: Record<string, Omit<DownloadFailure, 'spec'>>;
}

/**
 * Remembers that downloading a model failed, so that later calls fail at once with the same ConfigError
 * instead of waiting for another 30 s timeout. Kept in a small JSON file in the models directory (so every
 * ipet process sees it, and a restart does not retry) and in memory (when the file cannot be written).
 * The file is the authority when it is readable: removing it (or an entry) from another process - the
 * doctor's retry - is seen here at the next check.
 */
export interface DownloadFailureMemory {
  /** The remembered failure of this spec, or null: the download may be attempted. */
  get(spec: string): DownloadFailure | null;
  remember(failure: DownloadFailure): void;
  /** Forgets one spec (an explicit retry, a successful download). */
  forget(spec: string): void;
  /** Forgets every spec not in `specs` (the configuration changed). */
  keepOnly(specs: readonly string[]): void;
  all(): DownloadFailure[];
}

export function createDownloadFailureMemory(modelsDir: string): DownloadFailureMemory {
  const path = join(modelsDir, DOWNLOAD_FAILURES_FILE);
  /** Failures that could not be written to the file. */
  const unsaved = new Map<string, DownloadFailure>();

  /** The file's failures; null when it cannot be read (then memory alone answers). */
  const read = (): Map<string, DownloadFailure> | null => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? new Map() : null;
    }
    try {
      const parsed = JSON.parse(text) as Partial<FailureFile>;
      const entries = Object.entries(parsed.failures ?? {}).filter(
        ([, f]) => typeof f?.message === 'string' && typeof f.at === 'string',
      );
      return new Map(
        entries.map(([spec, f]) => [
          spec,
          { spec, message: f.message, hint: typeof f.hint === 'string' ? f.hint : null, at: f.at },
        ]),
      );
    } catch {
      return null; // A broken file is ignored (and replaced at the next write).
    }
  };

  const write = (failures: Map<string, DownloadFailure>): boolean => {
    try {
      if (failures.size === 0) {
        rmSync(path, { force: true });
        return true;
      }
      mkdirSync(modelsDir, { recursive: true });
      const body: FailureFile = {
        version: 1,
        failures: Object.fromEntries(
          [...failures.values()].map(({ spec, ...rest }) => [spec, rest] as const),
        ),
      };
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify(body, null, 2)}\n`);
      renameSync(temp, path);
      return true;
    } catch {
      return false;
    }
  };

  const current = () => {
    const saved = read() ?? new Map<string, DownloadFailure>();
    for (const [spec, failure] of unsaved) if (!saved.has(spec)) saved.set(spec, failure);
    return saved;
  };

  /** Applies `change` to the file's failures; writes only when it changed something. */
  const update = (change: (failures: Map<string, DownloadFailure>) => boolean): boolean => {
    const failures = read() ?? new Map<string, DownloadFailure>();
    return change(failures) ? write(failures) : true;
  };

  return {
    get(spec) {
      return current().get(spec) ?? null;
    },
    remember(failure) {
      unsaved.delete(failure.spec);
      const saved = update((failures) => {
        failures.set(failure.spec, failure);
        return true;
      });
      if (!saved) unsaved.set(failure.spec, failure);
    },
    forget(spec) {
      unsaved.delete(spec);
      update((failures) => failures.delete(spec));
    },
    keepOnly(specs) {
      const keep = new Set(specs);
      for (const spec of [...unsaved.keys()]) if (!keep.has(spec)) unsaved.delete(spec);
      update((failures) => {
        const stale = [...failures.keys()].filter((spec) => !keep.has(spec));
        for (const spec of stale) failures.delete(spec);
        return stale.length > 0;
      });
    },
    all() {
      return [...current().values()];
    },
  };
}

/** The error a remembered failure raises: the original message and advice, saying it was not retried. */
export function rememberedFailureError(failure: DownloadFailure): ConfigError {
  return new ConfigError(
    `${failure.message} (at ${failure.at}; not retried until the model settings change)`,
    failure.hint ? { hint: failure.hint } : {},
  );
}

/**
 * Forgets the remembered download failures of every model these settings do not use: the configuration
 * changed (another model, or a model server instead), so an old failure says nothing any more.
 */
export function forgetStaleDownloadFailures(
  modelsDir: string,
  settings: Pick<ModelSettings, 'language' | 'embedding'>,
): void {
  const specs: string[] = [];
  if (settings.language?.kind === 'local')
    specs.push(resolveDefaultModel(settings.language.model, 'language'));
  if (settings.embedding.kind === 'local') {
    specs.push(resolveDefaultModel(settings.embedding.model, 'embedding'));
  }
  createDownloadFailureMemory(modelsDir).keepOnly(specs);
}
