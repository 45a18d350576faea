import { IpetError } from '../core/index.ts';

/** SQLSTATEs worth retrying: connection loss, serialization failure, deadlock, shutdown, too many clients. */
const RETRYABLE = /^(08...|40001|40P01|57P0[123]|53300)$/;
const NETWORK = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH)$/;

/**
 * A database call failed. The message names the repository method and the SQLSTATE but never the query's
 * parameters or the server's text, which can quote user content (logs must not hold it); both stay in `cause`.
 */
export class DatabaseError extends IpetError {
  readonly code = 'database';
  readonly sqlState: string | undefined;

  constructor(operation: string, cause: unknown) {
    const fields = driverError(cause);
    const state = typeof fields?.code === 'string' ? fields.code : undefined;
    const where = [fields?.table, fields?.constraint].filter((x) => typeof x === 'string').join(' ');
    super(`database call ${operation} failed${state ? ` (${state}${where ? ` ${where}` : ''})` : ''}`, {
      cause,
      isRetryable: state !== undefined && (RETRYABLE.test(state) || NETWORK.test(state)),
    });
    this.sqlState = state;
  }

  override get reason(): string {
    return this.sqlState ? `${this.code}:${this.sqlState}` : this.code;
  }
}

interface DriverErrorFields {
  code?: unknown;
  table?: unknown;
  constraint?: unknown;
}

/** The innermost error carrying a `code` (drizzle wraps the driver's error in `cause`). */
function driverError(error: unknown): DriverErrorFields | null {
  let current: unknown = error;
  let found: DriverErrorFields | null = null;
  for (let depth = 0; depth < 5 && current instanceof Object; depth++) {
    const fields = current as DriverErrorFields & { cause?: unknown };
    if (typeof fields.code === 'string') found = fields;
    current = fields.cause;
  }
  return found;
}

/** Wraps every method of a repository so unexpected failures surface as DatabaseError; IpetErrors pass. */
export function guardErrors<T extends object>(area: string, repository: T): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(repository)) {
    if (typeof member !== 'function') {
      guarded[name] = member;
      continue;
    }
    guarded[name] = async (...args: unknown[]) => {
      try {
        return await member(...args);
      } catch (error) {
        throw IpetError.is(error) ? error : new DatabaseError(`${area}.${name}`, error);
      }
    };
  }
  return guarded as T;
}
