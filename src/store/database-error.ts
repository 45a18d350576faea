import { IpetError } from '../core/index.ts';

/** SQLSTATEs worth retrying: connection loss, serialization failure, deadlock, shutdown, too many clients. */
const RETRYABLE = /^(08...|40001|40P01|57P0[123]|53300)$/;
const NETWORK = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)$/;
/** SQLSTATEs that say the server cannot be used right now: connection exceptions, shutdown, too many clients. */
const UNAVAILABLE_STATE = /^(08...|57P0[123]|53300)$/;
/** What node-postgres, its pool and PGlite throw (without a code) once the connection is gone or closed. */
const CONNECTION_LOST =
  /^(Connection terminated|Cannot use a pool after calling end on the pool|Client was closed and is not queryable|Client has encountered a connection error|timeout exceeded when trying to connect|PGlite is closed)/i;

/**
 * Whether `error` (or an error in its cause chain) says the database cannot be reached - refused, dropped,
 * shut down, closed - as opposed to a query the database refused. Such failures heal by themselves: the
 * HTTP service answers 503 with Retry-After instead of 500.
 */
export function isConnectionFailure(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Object; depth++) {
    if (current instanceof DatabaseError) return current.unavailable;
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_STATE.test(code) || NETWORK.test(code))) return true;
    if (typeof message === 'string' && CONNECTION_LOST.test(message)) return true;
    // AggregateError: node's connect tries every address of a host name.
    if (current instanceof AggregateError && current.errors.some(isConnectionFailure)) return true;
    current = cause;
  }
  return false;
}

/**
 * A database call failed. The message names the repository method and the SQLSTATE but never the query's
 * parameters or the server's text, which can quote user content (logs must not hold it); both stay in `cause`.
 */
export class DatabaseError extends IpetError {
  readonly code = 'database';
  readonly sqlState: string | undefined;
  /** The database could not be reached (see `isConnectionFailure`), rather than refusing the query. */
  readonly unavailable: boolean;

  constructor(operation: string, cause: unknown) {
    const fields = driverError(cause);
    const state = typeof fields?.code === 'string' ? fields.code : undefined;
    const where = [fields?.table, fields?.constraint].filter((x) => typeof x === 'string').join(' ');
    const unavailable = isConnectionFailure(cause);
    super(`database call ${operation} failed${state ? ` (${state}${where ? ` ${where}` : ''})` : ''}`, {
      cause,
      isRetryable: unavailable || (state !== undefined && (RETRYABLE.test(state) || NETWORK.test(state))),
    });
    this.sqlState = state;
    this.unavailable = unavailable;
  }

  override get reason(): string {
    if (this.unavailable) return `${this.code}:unavailable${this.sqlState ? `:${this.sqlState}` : ''}`;
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
