import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A child `ipet` process started by a benchmark; only ever stopped through its own pid. */
export interface IpetProcess {
  child: ChildProcess;
  pid: number;
  /** Resolves with the first stdout line matching `pattern` (rejects on exit or timeout). */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
  /** What the process wrote to stderr (the last 8 KiB), for error messages. */
  stderr(): string;
}

export function spawnIpet(root: string, args: string[], env: Record<string, string>): IpetProcess {
  const child = spawn(process.execPath, [join(root, 'bin', 'ipet.js'), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('could not start ipet');
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let buffered = '';
  let errText = '';
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      for (const wake of waiters) wake();
      resolve();
    }),
  );
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of waiters) wake();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    errText = (errText + chunk).slice(-8192);
  });
  return {
    child,
    pid: child.pid,
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < lines.length; seen++) {
            const match = lines[seen]!.match(pattern);
            if (match) return done(() => resolve(match));
          }
          if (exited) done(() => reject(new Error(`ipet ${args[0]} exited: ${errText.trim()}`)));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`ipet ${args[0]}: no ${pattern} within ${timeoutMs} ms`))),
          timeoutMs,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
    async stop(graceMs = 15_000) {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
    stderr: () => errText,
  };
}

/** A port that was free a moment ago (for a child that must be told its port before it starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resident and peak resident memory of a process, in MiB, from /proc (Linux); null elsewhere. */
export async function memoryOf(pid: number): Promise<{ rssMiB: number; peakMiB: number } | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
  } catch {
    return null;
  }
}
