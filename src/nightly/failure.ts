import { type Failure, ModelCallError, toFailure } from '../core/index.ts';

export type NightlyStep = 'load' | 'extract' | 'pet-day' | 'world' | 'sweep' | 'plan';

/**
 * Why a step failed, as a short code that never carries a message (model and server texts can quote what
 * a user said): `model_unavailable:rate-limited:429`, `model_output_invalid:memory`, `database:40001`,
 * `internal:TypeError`. The error names its own kind (`IpetError.reason`, see `toFailure`).
 */
export function failureReason(error: unknown): string {
  return toFailure(error).reason;
}

/** Whether the model server asked us to slow down, and for how long if it said. */
export function rateLimitOf(error: unknown): { retryAfterMs: number | undefined } | null {
  if (error instanceof ModelCallError && (error.kind === 'rate-limited' || error.status === 429)) {
    return { retryAfterMs: error.retryAfterMs };
  }
  return null;
}

/**
 * What a failed nightly job throws, and what pg-boss stores as the job's output: the step, the reason
 * code and the counters so far, built fresh (no `cause`, no message from below) so that nothing a user
 * wrote can reach the queue tables or the logs.
 */
export class NightlyJobError extends Error {
  readonly step: NightlyStep;
  readonly reason: string;
  /** false: retrying cannot help (bad input, configuration): the job goes to the dead-letter queue. */
  readonly retryable: boolean;
  /** Set when the model server rate-limited the step. */
  readonly rateLimited: { retryAfterMs: number | undefined } | null;
  readonly report: unknown;

  constructor(
    step: NightlyStep,
    reason: string,
    options: {
      retryable?: boolean;
      rateLimited?: { retryAfterMs: number | undefined } | null;
      report?: unknown;
    } = {},
  ) {
    super(`nightly ${step} step failed: ${reason}`);
    this.name = 'NightlyJobError';
    this.step = step;
    this.reason = reason;
    this.retryable = options.retryable ?? true;
    this.rateLimited = options.rateLimited ?? null;
    this.report = options.report ?? null;
  }

  static from(step: NightlyStep, error: unknown, report?: unknown): NightlyJobError {
    if (error instanceof NightlyJobError) return error;
    return NightlyJobError.fromFailure(step, toFailure(error), report);
  }

  /**
   * The job's failure from a step's typed failure (a thrown error, or one a step reported and carried on
   * past). Configuration and input errors do not heal by waiting; the rest may, and the database always
   * may (a constraint or a lost connection can clear by the next attempt).
   */
  static fromFailure(step: NightlyStep, failure: Failure, report?: unknown): NightlyJobError {
    return new NightlyJobError(step, failure.reason, {
      retryable: failure.retryable || failure.code === 'database',
      rateLimited: rateLimitOf(failure.cause),
      report,
    });
  }

  /** What pg-boss stores as the failed job's output. */
  toOutput(): { step: NightlyStep; reason: string; report: unknown } {
    return { step: this.step, reason: this.reason, report: this.report };
  }
}
