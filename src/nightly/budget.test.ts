import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  type BudgetMark,
  budgetAtStart,
  failureOutputOf,
  isLastAttempt,
  maxRetryDelayMs,
  type RetrySettings,
} from './budget.ts';

const T0 = Date.parse('2026-05-02T03:00:00Z');
const BUDGET = 300_000;
/** pg-boss's defaults for nightly jobs: 4 retries, backoff from 60 s up to 30 min. */
const RETRY: RetrySettings = { retryLimit: 4, retryDelay: 60, retryBackoff: true, retryDelayMax: 1800 };

const mark = (over: Partial<BudgetMark> = {}): BudgetMark => ({
  startedAt: new Date(T0).toISOString(),
  budgetMs: BUDGET,
  spentMs: 5_000,
  exceeded: false,
  final: false,
  ...over,
});
const failed = (budget?: BudgetMark) => ({
  step: 'world',
  reason: 'model_output_invalid:world',
  report: null,
  ...(budget ? { budget } : {}),
});

describe('budgetAtStart', () => {
  it('starts a fresh budget on a first attempt, and continues it after a failure that said a retry follows', () => {
    expect(budgetAtStart(null, T0, BUDGET)).toEqual({ startedAtMs: T0, deadlineMs: T0 + BUDGET, last: null });
    const later = T0 + 90_000;
    expect(budgetAtStart(failed(mark()), later, BUDGET)).toEqual({
      startedAtMs: T0,
      deadlineMs: T0 + BUDGET,
      last: { step: 'world', reason: 'model_output_invalid:world' },
    });
  });

  it('gives a rerun after a final failure, or an attempt whose output is not ours, a fresh budget', () => {
    const rerun = T0 + 3_600_000;
    for (const output of [
      failed(mark({ final: true, exceeded: true })),
      failed(),
      { message: 'job expired' },
      { outcome: 'done' },
    ]) {
      expect(budgetAtStart(output, rerun, BUDGET)).toEqual({
        startedAtMs: rerun,
        deadlineMs: rerun + BUDGET,
        last: null,
      });
    }
  });

  it("counts from now when another worker's clock put the start in the future", () => {
    const start = budgetAtStart(failed(mark({ startedAt: new Date(T0 + 60_000).toISOString() })), T0, BUDGET);
    expect(start.startedAtMs).toBe(T0);
    expect(start.last?.reason).toBe('model_output_invalid:world');
  });
});

describe('maxRetryDelayMs', () => {
  it("is the top of pg-boss's jittered backoff, capped, or the fixed delay without backoff", () => {
    expect([0, 1, 2, 3].map((n) => maxRetryDelayMs(RETRY, n))).toEqual([120_000, 240_000, 480_000, 960_000]);
    expect(maxRetryDelayMs(RETRY, 10)).toBe(1_800_000);
    expect(maxRetryDelayMs({ ...RETRY, retryDelayMax: null }, 10)).toBe(60_000 * 2 ** 11);
    expect(maxRetryDelayMs({ ...RETRY, retryBackoff: false }, 3)).toBe(60_000);
    expect(maxRetryDelayMs({ ...RETRY, retryDelay: 0 }, 0)).toBe(2_000);
  });
});

describe('afterFailure', () => {
  const at = (nowMs: number, over: Partial<Parameters<typeof afterFailure>[0]> = {}) =>
    afterFailure({ nowMs, deadlineMs: T0 + BUDGET, retryable: true, retryCount: 0, retry: RETRY, ...over });

  it('retries a failure that can heal while the next attempt is sure to start within the budget', () => {
    expect(at(T0 + 5_000)).toEqual({ retry: true });
    // The second attempt may wait up to 240 s: from 100 s on it might start after the deadline.
    expect(at(T0 + 59_000, { retryCount: 1 })).toEqual({ retry: true });
    expect(at(T0 + 60_000, { retryCount: 1 })).toEqual({ retry: false, why: 'budget-spent' });
    expect(at(T0 + BUDGET + 1)).toEqual({ retry: false, why: 'budget-spent' });
  });

  it('never retries a failure that cannot heal, nor one whose retries ran out', () => {
    expect(at(T0, { retryable: false })).toEqual({ retry: false, why: 'not-retryable' });
    expect(at(T0, { retryCount: 4 })).toEqual({ retry: false, why: 'retries-exhausted' });
  });

  it('ends a pair that never succeeds within its budget, however fast its attempts fail', () => {
    // Attempts that fail at once, each retried as late as pg-boss may: the last one starts before the
    // deadline and no attempt follows it.
    const retry: RetrySettings = { retryLimit: 1000, retryDelay: 1, retryBackoff: true, retryDelayMax: 4 };
    const deadlineMs = T0 + 20_000;
    let nowMs = T0;
    let attempts = 0;
    for (let retryCount = 0; ; retryCount++) {
      attempts++;
      expect(nowMs).toBeLessThan(deadlineMs);
      const decision = afterFailure({ nowMs, deadlineMs, retryable: true, retryCount, retry });
      if (!decision.retry) {
        expect(decision.why).toBe('budget-spent');
        break;
      }
      nowMs += maxRetryDelayMs(retry, retryCount);
    }
    expect(attempts).toBeGreaterThan(3);
    expect(attempts).toBeLessThan(20);
  });
});

describe('isLastAttempt', () => {
  it('is the last attempt when no retry is left or none could start within the budget', () => {
    const input = { nowMs: T0, deadlineMs: T0 + BUDGET, retryCount: 0, retry: RETRY };
    expect(isLastAttempt(input)).toBe(false);
    expect(isLastAttempt({ ...input, retryCount: 4 })).toBe(true);
    expect(isLastAttempt({ ...input, nowMs: T0 + 100_000, retryCount: 1 })).toBe(true);
  });
});

describe('failureOutputOf', () => {
  it('reads a failure output and drops a malformed budget mark', () => {
    expect(failureOutputOf(failed(mark()))?.budget).toEqual(mark());
    expect(failureOutputOf({ ...failed(), budget: { startedAt: 1 } })).toEqual(failed());
    expect(failureOutputOf({ removed: 3 })).toBeNull();
    expect(failureOutputOf(null)).toBeNull();
  });
});
