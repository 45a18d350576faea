import { flushCounters, openRuntime, type Runtime, type RuntimeOptions } from '../app/index.ts';
import type { CliContext } from './context.ts';
import { formatBytes } from './model-help.ts';
import type { ProgressBar } from './output.ts';

/** Opens the runtime for one command and always closes it (flushing usage records). */
export async function withRuntime<T>(
  ctx: CliContext,
  fn: (rt: Runtime) => Promise<T>,
  options: RuntimeOptions = {},
  cli: {
    /**
     * Long-running processes (`ipet up`, `serve`, `worker`) share the embedded store with other ipet
     * commands over a local socket while they run.
     */
    shareStore?: boolean;
  } = {},
): Promise<T> {
  const config = ctx.config();
  const shared =
    cli.shareStore && config.store.kind === 'pglite' && config.store.dataDir !== 'memory://'
      ? { ...config, store: { ...config.store, share: true } }
      : config;
  const rt = await openRuntime(shared, {
    onDownloadProgress: downloadProgress(ctx),
    ...options,
  });
  // The automatic embedder fell back to the lexical one: say why (long-running processes say it themselves,
  // see embedder-upkeep.ts).
  if (rt.embedding?.warning && !cli.shareStore) ctx.out.note(`note: ${rt.embedding.warning}`);
  try {
    return await fn(rt);
  } finally {
    // What this process counted joins the shared `/metrics` counters before the store closes.
    await flushCounters(rt);
    await rt.close();
  }
}

/**
 * A progress bar on stderr for each model file being downloaded (a TTY redraws it, other streams get a
 * line every few seconds), after a line saying what is downloaded, how big it is and where it goes.
 */
export function downloadProgress(
  ctx: Pick<CliContext, 'out'>,
): NonNullable<RuntimeOptions['onDownloadProgress']> {
  const bars = new Map<string, { bar: ProgressBar; shownMb: number; totalMb: number; finished: boolean }>();
  const mb = (n: number) => Math.floor(n / 1e6);
  return (p) => {
    let entry = bars.get(p.model);
    if (!entry) {
      const size = p.totalBytes > 0 ? formatBytes(p.totalBytes) : 'size unknown';
      const resumed =
        p.downloadedBytes > 0 && p.totalBytes > 0 ? `, resuming at ${formatBytes(p.downloadedBytes)}` : '';
      ctx.out.note(
        `downloading the model ${fileLabel(p.model)} (${size}${resumed}); first use only - an interrupted download resumes next time`,
      );
      entry = {
        bar: ctx.out.progress('download MB', mb(p.totalBytes)),
        shownMb: 0,
        totalMb: mb(p.totalBytes),
        finished: false,
      };
      bars.set(p.model, entry);
    }
    if (entry.finished) return;
    if (mb(p.totalBytes) !== entry.totalMb) {
      entry.totalMb = mb(p.totalBytes);
      entry.bar.setTotal(entry.totalMb);
    }
    const now = mb(p.downloadedBytes);
    if (now > entry.shownMb) {
      entry.bar.tick(now - entry.shownMb);
      entry.shownMb = now;
    }
    if (p.totalBytes > 0 && p.downloadedBytes >= p.totalBytes) {
      entry.bar.done();
      entry.finished = true;
    }
  };
}

/** The file name of a model spec (`hf:org/repo/file.gguf`, a URL, a path). */
function fileLabel(spec: string): string {
  return (
    spec
      .replace(/[?#].*$/, '')
      .split(/[\\/]/)
      .at(-1) ?? spec
  );
}
