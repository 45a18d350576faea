import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const WEB_DIST = join(ROOT, 'dist/web');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(join(WEB_DIST, 'index.html')).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Builds the web app into dist/web unless the build there is newer than its sources. The build runs in its
 * own process (a production build; vitest's process has NODE_ENV=test).
 */
export function ensureWebBuild(): void {
  const sources = Math.max(newestMtime(join(ROOT, 'src/web')), newestMtime(join(ROOT, 'vite.config.ts')));
  if (builtAt() > sources) return;
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}
