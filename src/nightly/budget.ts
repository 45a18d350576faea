import type { NightlyStep } from './failure.ts';

/**
 * A pair's time budget for one night: wall time from its first attempt of the night, delays between
 * retries included. Once the attempts have used it, the pair fails for good with the last failure's
 * reason and the run moves on, so that a pair that can never succeed (a model whose answers never pass)
 * ends within its budget with its cause stated instead of keeping a run busy behind a retry loop.
 */
export const DEFAULT_PAIR_BUDGET_SECONDS = 300;

/** The budget reason of a pair whose attempts were cut before any of them failed on its own. */
export const BUDGET_EXCEEDED = 'budget_exceeded';

/** A job's retry settings, as the queue stores them on each job (seconds). */
export interface RetrySettings {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  /** No cap when absent. */
  retryDelayMax?: number | null | undefined;
}

/** What a pair job's failure output says about its night's budget. */
export interface BudgetMark {
  /** When this night's first attempt started (wall clock, ISO). */
  startedAt: string;
  budgetMs: number;
  /** Wall time from the first attempt's start to this failure. */
  spentMs: number;
  /** The budget ran out: the pair was failed for good because of it. */
  exceeded: boolean;
  /**
   * No attempt follows this failure (the budget, the retries ran out, or a failure that cannot heal):
   * when the job runs again it is a rerun (`ipet nightly` after a fix), with a fresh budget.
   */
  final: boolean;
}

/** A failed pair job's output: the failure, the counters so far, and the budget's state. */
export interface PairFailureOutput {
  step: NightlyStep;
  reason: string;
  report: unknown;
  /** When this failure happened (wall clock, ISO). */
  failedAt?: string;
  budget?: BudgetMark;
}

/** Where the night's budget of a pair stands when an attempt starts. */
export interface BudgetStart {
  startedAtMs: number;
  deadlineMs: number;
  /** The previous attempt's failure of this night, if any: the cause a budget cut reports. */
  last: { step: NightlyStep; reason: string } | null;
}

/**
 * The budget of the attempt starting at `nowMs`, from the job's stored output: a failure of this night
 * that said another attempt follows continues its budget; anything else (a first attempt, a rerun after
 * a final failure, an attempt lost with its worker, whose output is the queue's) starts a fresh one.
 */
export function budgetAtStart(previousOutput: unknown, nowMs: number, budgetMs: number): BudgetStart {
  const previous = failureOutputOf(previousOutput);
  const mark = previous?.budget;
  if (!previous || !mark || mark.final)
    return { startedAtMs: nowMs, deadlineMs: nowMs + budgetMs, last: null };
  // A start in the future (another worker's clock ahead of ours) counts from now.
  const started = Date.parse(mark.startedAt);
  const startedAtMs = Number.isFinite(started) ? Math.min(started, nowMs) : nowMs;
  return {
    startedAtMs,
    deadlineMs: startedAtMs + budgetMs,
    last: { step: previous.step, reason: previous.reason },
  };
}

/**
 * The longest the queue may wait before the attempt after a failure of attempt `retryCount` (0 for the
 * first): pg-boss waits `retryDelay * 2^retryCount * (1 + random)` with backoff, capped at `retryDelayMax`.
 */
export function maxRetryDelayMs(retry: RetrySettings, retryCount: number): number {
  const base = Math.max(retry.retryDelay, retry.retryBackoff ? 1 : 0);
  const seconds = retry.retryBackoff ? base * 2 ** Math.min(16, retryCount + 1) : base;
  const capped = retry.retryDelayMax != null ? Math.min(retry.retryDelayMax, seconds) : seconds;
  return capped * 1000;
}

export type AfterFailure =
  | { retry: true }
  | { retry: false; why: 'not-retryable' | 'retries-exhausted' | 'budget-spent' };

/**
 * Whether a failed attempt is tried again: only a failure that can heal, with retries left, whose next
 * attempt is sure to start before the budget's deadline (a retry that might start after it could only
 * fail at once).
 */
export function afterFailure(input: {
  nowMs: number;
  deadlineMs: number;
  retryable: boolean;
  retryCount: number;
  retry: RetrySettings;
}): AfterFailure {
  if (!input.retryable) return { retry: false, why: 'not-retryable' };
  if (input.retryCount >= input.retry.retryLimit) return { retry: false, why: 'retries-exhausted' };
  if (!retryFits(input)) return { retry: false, why: 'budget-spent' };
  return { retry: true };
}

/**
 * Whether an attempt starting now is the pair's last: no retries left, or a failure now could not be
 * retried within the budget. The last attempt builds the day even when some sessions failed to extract.
 */
export function isLastAttempt(input: {
  nowMs: number;
  deadlineMs: number;
  retryCount: number;
  retry: RetrySettings;
}): boolean {
  return input.retryCount >= input.retry.retryLimit || !retryFits(input);
}

function retryFits(input: { nowMs: number; deadlineMs: number; retryCount: number; retry: RetrySettings }) {
  return input.nowMs + maxRetryDelayMs(input.retry, input.retryCount) < input.deadlineMs;
}

/** A pair job's stored failure output, or null when the output is something else (a report, the queue's). */
export function failureOutputOf(output: unknown): PairFailureOutput | null {
  if (!output || typeof output !== 'object') return null;
  const o = output as Partial<PairFailureOutput>;
  if (typeof o.step !== 'string' || typeof o.reason !== 'string') return null;
  const budget = isBudgetMark(o.budget) ? o.budget : undefined;
  return {
    step: o.step,
    reason: o.reason,
    report: o.report ?? null,
    ...(typeof o.failedAt === 'string' ? { failedAt: o.failedAt } : {}),
    ...(budget ? { budget } : {}),
  };
}

function isBudgetMark(value: unknown): value is BudgetMark {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<BudgetMark>;
  return (
    typeof v.startedAt === 'string' &&
    typeof v.budgetMs === 'number' &&
    typeof v.spentMs === 'number' &&
    typeof v.exceeded === 'boolean' &&
    typeof v.final === 'boolean'
  );
}
