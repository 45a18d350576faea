import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../lib/process.ts';

const run = promisify(execFile);

/**
 * A private PostgreSQL cluster for one fault run: initdb into a temporary directory, trust auth, loopback
 * only, on a free port, so that restarting it (`pg_ctl restart -m fast`) never disturbs another database on
 * the machine. As root, the server's programs run as the `postgres` user (initdb refuses root).
 */
export interface PrivateCluster {
  /** Admin URL (`postgres` database, user `postgres`). */
  adminUrl: string;
  port: number;
  dir: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export function postgresBinDir(): string {
  const versions = readdirSync('/etc/postgresql').sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL under /etc/postgresql');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'ipet-faults-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    chmodSync(dir, 0o777);
  }
  const pg = (program: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, program), ...args], { cwd: dir })
      : run(join(bin, program), args, { cwd: dir });
  await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const ctl = (args: string[]) =>
    pg('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'postgres.log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`,
      ...args,
    ]);
  await ctl(['start']);
  let running = true;
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    async restart() {
      await ctl(['restart', '-m', 'fast']);
    },
    async stop() {
      if (running) {
        running = false;
        await pg('pg_ctl', ['-D', data, '-w', '-t', '30', 'stop', '-m', 'fast']).catch(() => {});
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
