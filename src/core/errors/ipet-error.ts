/**
 * Base class of every error ipet raises on purpose. `code` is stable (scripts and the HTTP layer map it),
 * `hint` tells the user what to do next, `isRetryable` is decided here, by the error, not by callers.
 */
export abstract class IpetError extends Error {
  abstract readonly code: string;
  readonly hint: string | undefined;
  readonly isRetryable: boolean;

  constructor(
    message: string,
    options: { cause?: unknown; hint?: string | undefined; isRetryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
    this.isRetryable = options.isRetryable ?? false;
  }

  /**
   * The kind of failure as a short code that never carries the message (model and server texts can quote
   * what a user said): `code`, with detail where a subclass has it (`model_unavailable:rate-limited:429`).
   */
  get reason(): string {
    return this.code;
  }

  /**
   * The message as logs keep it. The default is the message itself; an error whose message quotes what a
   * user said or what a model wrote (a validation error, a model's invalid output) overrides this with a
   * message that names only the kind, the field paths and the counts - logs must not hold that text.
   */
  get logMessage(): string {
    return this.message;
  }

  /** One line for a terminal: the message, then what to do. */
  toLine(): string {
    return this.hint ? `${this.message} - ${this.hint}` : this.message;
  }

  static is(error: unknown): error is IpetError {
    return error instanceof IpetError;
  }
}
