import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/ipet.js', import.meta.url));

export interface Replica {
  url: string;
  /** SIGTERM, then the exit (the server flushes its counters on the way out). */
  stop(): Promise<void>;
}

/** One `ipet serve` process on `env` (its store), on a free port; resolves when it prints its URL. */
export function startReplica(env: Record<string, string>, timeoutMs = 90_000): Promise<Replica> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', IPET_NOW: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise<Replica>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ipet serve was not ready in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const match = /^ipet listening on (http:\/\/\S+)$/m.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!,
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ipet serve exited (${code}) before it was ready: ${stderr}`));
    });
  });
}

/** The value of one Prometheus sample (`name{labels}`), 0 when absent. */
export function sample(metrics: string, name: string, labels: Record<string, string>): number {
  const text = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}{${text}} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
