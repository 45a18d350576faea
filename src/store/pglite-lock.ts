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

/** Takes `<dataDir>.lock`, or reports the live process that holds it; returns the release function. */
export async function tryLockDataDir(
  dataDir: string,
): Promise<{ release: () => Promise<void> } | { heldBy: number }> {
  const path = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, String(process.pid), { flag: 'wx' });
      return {
        release: async () => {
          if ((await holder(path)) === process.pid) await unlink(path).catch(() => {});
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = await holder(path);
      if (pid !== null && isAlive(pid)) return { heldBy: pid };
      await unlink(path).catch(() => {}); // stale: its process is gone
    }
  }
  throw new ConfigError(`could not lock the store at ${dataDir}`, { hint: `remove ${path} if no ipet runs` });
}

/** Takes `<dataDir>.lock` or throws ConfigError naming the holder; returns the release function. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const result = await tryLockDataDir(dataDir);
  if ('release' in result) return result.release;
  throw heldError(dataDir, result.heldBy);
}

export function heldError(dataDir: string, pid: number): ConfigError {
  return new ConfigError(
    `the store at ${dataDir} is busy: process ${pid} is using it and does not share it`,
    {
      hint:
        'wait for that command to finish, or stop it; a running `ipet up`, `ipet serve` or `ipet worker` shares ' +
        'the store with other commands, and IPET_DATABASE_URL points ipet at a PostgreSQL server instead',
    },
  );
}
