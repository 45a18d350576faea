import { readFile, unlink, writeFile } from 'node:fs/promises';
import { ConfigError } from '../core/index.ts';

/** PGlite is single-process: two processes writing one directory corrupt it. A pid file next to it guards. */

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function holder(path: string): Promise<number | null> {
  try {
    const pid = Number.parseInt(await readFile(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Takes `<dataDir>.lock` or throws ConfigError naming the holder; returns the release function. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, String(process.pid), { flag: 'wx' });
      return async () => {
        if ((await holder(path)) === process.pid) await unlink(path).catch(() => {});
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = await holder(path);
      if (pid !== null && isAlive(pid)) {
        throw new ConfigError(`the store at ${dataDir} is already open in process ${pid}`, {
          hint: 'stop that process (e.g. `ipet serve`), or point IPET_DATABASE_URL at a PostgreSQL server to share data',
        });
      }
      await unlink(path).catch(() => {}); // stale: its process is gone
    }
  }
  throw new ConfigError(`could not lock the store at ${dataDir}`, { hint: `remove ${path} if no ipet runs` });
}
