import { IpetError } from './errors/ipet-error.ts';

/**
 * Structured logging with one redaction point. Fields named like user content (text, content, message,
 * prompt, reply, ...) are replaced by their length before anything is written, and an error keeps its name,
 * code, reason and a message that quotes nothing (`IpetError.logMessage`), so logs never hold what a user
 * said, what a model wrote or what the pet remembers - erasing a user cannot reach into log files.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const SENSITIVE =
  /^(text|content|message|messages|prompt|reply|query|memory|memories|detail|outline|body|input|output)$/i;

export function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SENSITIVE.test(key)) {
      out[key] = typeof value === 'string' ? `[redacted ${value.length} chars]` : '[redacted]';
    } else if (value instanceof Error) {
      out[key] = errorFields(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** What a log keeps of an error. A SyntaxError from JSON.parse quotes the text it read: only its name stays. */
function errorFields(error: Error): LogFields {
  if (IpetError.is(error)) {
    return { name: error.name, code: error.code, reason: error.reason, message: error.logMessage };
  }
  if (error instanceof SyntaxError) return { name: error.name };
  return { name: error.name, message: error.message };
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** JSON lines to a writable (stderr by default in the apps). */
export function createJsonLogger(options: {
  write: (line: string) => void;
  level?: LogLevel;
  now?: () => Date;
  base?: LogFields;
}): Logger {
  const min = ORDER[options.level ?? 'info'];
  const now = options.now ?? (() => new Date());
  const log =
    (level: LogLevel) =>
    (msg: string, fields: LogFields = {}) => {
      if (ORDER[level] < min) return;
      options.write(
        `${JSON.stringify({ t: now().toISOString(), level, msg, ...redact({ ...options.base, ...fields }) })}\n`,
      );
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
