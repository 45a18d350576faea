import { openRuntime, type Runtime, type RuntimeOptions } from '../app/index.ts';
import type { CliContext } from './context.ts';

/** Opens the runtime for one command and always closes it (flushing usage records). */
export async function withRuntime<T>(
  ctx: CliContext,
  fn: (rt: Runtime) => Promise<T>,
  options: RuntimeOptions = {},
): Promise<T> {
  const rt = await openRuntime(ctx.config(), {
    onDownloadProgress: downloadProgress(ctx),
    ...options,
  });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

function downloadProgress(ctx: CliContext): NonNullable<RuntimeOptions['onDownloadProgress']> {
  let bar: ReturnType<CliContext['out']['progress']> | undefined;
  let last = 0;
  return (p) => {
    const total = p.totalBytes ?? 0;
    const mb = (n: number) => Math.round(n / 1e6);
    if (!bar) {
      ctx.out.note(`downloading ${p.model} (first use only)`);
      bar = ctx.out.progress('download MB', mb(total));
    }
    const now = mb(p.downloadedBytes);
    if (now > last) {
      bar.tick(now - last);
      last = now;
    }
    if (total > 0 && p.downloadedBytes >= total) bar.done();
  };
}
