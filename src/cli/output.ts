import { IpetError } from '../core/index.ts';

/**
 * How a command talks to its caller. With `--json`, stdout carries exactly one JSON document and everything
 * else (progress, notices, logs) goes to stderr. Without it, a person reads pleasant text on stdout.
 */
export interface Output {
  readonly json: boolean;
  /** The command's result: JSON document, or the human rendering. */
  result<T>(data: T, human: (data: T) => string): void;
  /** A notice for a person (stderr, so it never pollutes JSON). */
  note(message: string): void;
  progress(label: string, total: number): ProgressBar;
}

export interface ProgressBar {
  tick(n?: number, info?: string): void;
  setTotal(total: number): void;
  done(info?: string): void;
}

export interface OutputStreams {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
}

export function createOutput(json: boolean, streams: OutputStreams = process): Output {
  return {
    json,
    result(data, human) {
      if (json) streams.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      else {
        const text = human(data);
        if (text) streams.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      }
    },
    note(message) {
      streams.stderr.write(`${message}\n`);
    },
    progress(label, total) {
      return createProgressBar(label, total, streams.stderr);
    },
  };
}

export interface ProgressOptions {
  /** Without a TTY: at most one line this often (default 10 s), plus one when `everyItems` more are done. */
  intervalMs?: number;
  /** Without a TTY: a line whenever this many more items are done (default a tenth of the total). */
  everyItems?: number;
  now?: () => number;
}

/**
 * A progress bar redrawn in place on a TTY. Without one (CI logs, a file) it prints plain lines: the
 * first, then one every `intervalMs` when something changed or whenever `everyItems` more are done, and
 * the last - never a line per tick, so a run stuck on one item writes a line every ten seconds, not one
 * every poll. Always on stderr.
 */
export function createProgressBar(
  label: string,
  total: number,
  stream: OutputStreams['stderr'],
  options: ProgressOptions = {},
): ProgressBar {
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 10_000;
  let done = 0;
  let lastLine: { at: number; done: number; text: string } | null = null;
  const started = now();
  const tty = Boolean(stream.isTTY);
  const everyItems = () => options.everyItems ?? Math.max(1, Math.ceil(total / 10));
  const render = (info = '', final = false) => {
    const pct = total > 0 ? Math.min(1, done / total) : 1;
    const elapsed = (now() - started) / 1000;
    const eta = done >= total ? '0s' : done > 0 ? `${((elapsed / done) * (total - done)).toFixed(0)}s` : '?';
    const width = 24;
    const filled = Math.round(pct * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const text = `${label} ${bar} ${done}/${total} ${(pct * 100).toFixed(0)}% eta ${eta}${info ? ` ${info}` : ''}`;
    if (tty) {
      stream.write(`\r\x1b[2K${text}${final ? '\n' : ''}`);
      return;
    }
    const due =
      lastLine === null ||
      final ||
      done - lastLine.done >= everyItems() ||
      (now() - lastLine.at >= intervalMs && stripEta(text) !== stripEta(lastLine.text));
    if (!due || (lastLine !== null && text === lastLine.text)) return;
    lastLine = { at: now(), done, text };
    stream.write(`${text}\n`);
  };
  return {
    tick(n = 1, info) {
      done += n;
      render(info);
    },
    setTotal(t) {
      total = t;
      render();
    },
    done(info) {
      render(info, true);
    },
  };
}

/** A line without its ETA, which changes with the clock alone. */
const stripEta = (text: string) => text.replace(/ eta \S+/, '');

/** Exit status and one line on stderr: what went wrong and what to do next. */
export function reportError(error: unknown, stderr: OutputStreams['stderr'] = process.stderr): number {
  if (IpetError.is(error)) {
    stderr.write(`ipet: ${error.toLine()}\n`);
    return error.code === 'invalid_input' || error.code === 'config' ? 2 : 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(
    `ipet: ${message.split('\n')[0]} - this is a bug or an unexpected failure; rerun with IPET_LOG_LEVEL=debug\n`,
  );
  return 1;
}
