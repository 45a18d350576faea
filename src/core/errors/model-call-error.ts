import { IpetError } from './ipet-error.ts';

export type ModelFailureKind = 'http' | 'network' | 'timeout' | 'circuit-open' | 'rate-limited' | 'aborted';

/**
 * A call to a model server failed (after the retries the middleware allows). `status` is the HTTP status
 * when there was one; `retryAfterMs` what the server asked for.
 */
export class ModelCallError extends IpetError {
  readonly code = 'model_unavailable';
  readonly kind: ModelFailureKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly attempts: number;

  constructor(
    message: string,
    options: {
      kind: ModelFailureKind;
      status?: number;
      retryAfterMs?: number;
      attempts?: number;
      cause?: unknown;
      hint?: string;
      isRetryable?: boolean;
    },
  ) {
    super(message, {
      cause: options.cause,
      hint:
        options.hint ?? 'check that the model server is running and reachable (`ipet doctor`), then retry',
      isRetryable: options.isRetryable ?? true,
    });
    this.kind = options.kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.attempts = options.attempts ?? 1;
  }

  override get reason(): string {
    return [this.code, this.kind, this.status].filter((x) => x !== undefined).join(':');
  }
}
