import type { JobWithMetadata } from 'pg-boss';
import { describe, expect, it } from 'vitest';
import type { PairJobData, SweepJobData } from './job-keys.ts';
import type { PairNightReport } from './night-steps.ts';
import { type NightJobs, summarizeNight } from './status.ts';

const NOW = new Date('2026-05-02T03:00:00Z');
const usage = (calls: number) => ({ calls, failures: 0, inputTokens: calls * 100, outputTokens: calls * 10 });
const report = (over: Partial<PairNightReport> = {}): PairNightReport => ({
  outcome: 'done',
  degraded: false,
  ms: 900,
  extract: {
    ms: 300,
    closed: 1,
    sessions: 1,
    added: 2,
    updated: 0,
    superseded: 0,
    rejected: 0,
    failed: 0,
    reasons: [],
    usage: usage(2),
  },
  world: { ms: 600, generated: true, mode: 'memory', usage: usage(10) },
  ...over,
});

let n = 0;
function job<T>(data: T, over: Partial<JobWithMetadata<T>>): JobWithMetadata<T> {
  return {
    id: `job-${++n}`,
    data,
    state: 'created',
    startAfter: new Date('2026-05-02T02:00:00Z'),
    startedOn: null,
    completedOn: null,
    retryCount: 0,
    retryLimit: 2,
    output: null,
    sourceId: null,
    ...over,
  } as unknown as JobWithMetadata<T>;
}
const pair = (i: number): PairJobData => ({ userId: `usr_${i}`, petId: `pet_${i}`, date: '2026-05-02' });
const sweep: SweepJobData = { date: '2026-05-02' };

describe('summarizeNight', () => {
  it('counts jobs by state and sums the reports of finished ones', () => {
    const failed = job(pair(4), {
      state: 'failed',
      retryCount: 2,
      startedOn: new Date('2026-05-02T02:00:05Z'),
      completedOn: new Date('2026-05-02T02:01:00Z'),
      output: { step: 'world', reason: 'model_unavailable:http:500', report: report({ world: null }) },
    });
    const jobs: NightJobs = {
      pairs: [
        job(pair(1), {
          state: 'completed',
          startedOn: new Date('2026-05-02T02:00:00Z'),
          completedOn: new Date('2026-05-02T02:00:30Z'),
          output: report(),
        }),
        job(pair(2), {
          state: 'completed',
          output: report({
            degraded: true,
            reflect: {
              outcome: 'done',
              ms: 50,
              nightly: 'stored',
              weekly: 'skipped',
              stored: ['rfl_1'],
              usage: usage(1),
            },
          }),
        }),
        job(pair(3), { state: 'active' }),
        failed,
        job(pair(5), { state: 'retry', output: { step: 'extract', reason: 'model_output_invalid:memory' } }),
        job(pair(6), { state: 'created', startAfter: new Date('2026-05-02T05:00:00Z') }),
        job(pair(7), { state: 'created' }),
      ],
      sweeps: [job(sweep, { state: 'completed', output: { removed: 4, ms: 3 } })],
      dead: [job(pair(4), { sourceId: failed.id })],
    };
    const status = summarizeNight(['2026-05-02'], jobs, NOW);
    expect(status).toMatchObject({
      pairs: 7,
      succeeded: 2,
      failed: 1,
      active: 1,
      retrying: 1,
      deferred: 1,
      queued: 1,
      dead: 1,
      degraded: 1,
      daysGenerated: 2,
      sessionsExtracted: 3,
      memoriesAdded: 6,
      sweep: { state: 'completed', removed: 4 },
      settled: false,
      startedAt: '2026-05-02T02:00:00.000Z',
      finishedAt: '2026-05-02T02:01:00.000Z',
      durationMs: 60_000,
    });
    expect(status.steps.extract).toEqual({ ...usage(6), ms: 900 });
    expect(status.steps.world).toEqual({ ...usage(20), ms: 1200 });
    expect(status.steps.reflect).toEqual({ ...usage(1), ms: 50 });
    expect(status.calls).toBe(27);
    expect(status.failures).toEqual([
      {
        userId: 'usr_4',
        petId: 'pet_4',
        date: '2026-05-02',
        state: 'failed',
        step: 'world',
        reason: 'model_unavailable:http:500',
        attempts: 3,
        budgetExceeded: false,
        failedAt: null,
      },
      {
        userId: 'usr_5',
        petId: 'pet_5',
        date: '2026-05-02',
        state: 'retry',
        step: 'extract',
        reason: 'model_output_invalid:memory',
        attempts: 1,
        budgetExceeded: false,
        failedAt: null,
      },
    ]);
  });

  it('lists failing pairs with their causes - also while being tried again - and names the latest', () => {
    const budget = (exceeded: boolean) => ({
      startedAt: '2026-05-02T02:00:00.000Z',
      budgetMs: 300_000,
      spentMs: 200_000,
      exceeded,
      final: exceeded,
    });
    const jobs: NightJobs = {
      pairs: [
        job(pair(1), {
          state: 'failed',
          retryCount: 3,
          output: {
            step: 'world',
            reason: 'model_output_invalid:world',
            report: null,
            failedAt: '2026-05-02T02:05:00.000Z',
            budget: budget(true),
          },
        }),
        job(pair(2), {
          state: 'active',
          retryCount: 1,
          output: {
            step: 'extract',
            reason: 'model_unavailable:timeout',
            report: null,
            failedAt: '2026-05-02T02:06:00.000Z',
            budget: budget(false),
          },
        }),
        job(pair(3), { state: 'active' }),
      ],
      sweeps: [],
      dead: [],
    };
    const status = summarizeNight(['2026-05-02'], jobs, NOW);
    expect(status.failures).toEqual([
      expect.objectContaining({
        userId: 'usr_1',
        state: 'failed',
        step: 'world',
        reason: 'model_output_invalid:world',
        attempts: 4,
        budgetExceeded: true,
      }),
      expect.objectContaining({
        userId: 'usr_2',
        state: 'active',
        step: 'extract',
        reason: 'model_unavailable:timeout',
        attempts: 1,
        budgetExceeded: false,
      }),
    ]);
    expect(status.lastFailure).toMatchObject({ userId: 'usr_2', failedAt: '2026-05-02T02:06:00.000Z' });
    expect(status).toMatchObject({ failed: 1, active: 2 });
  });

  it('limits the summary to one run, and is settled when all its jobs finished', () => {
    const mine = job(pair(1), { state: 'completed', output: report() });
    const other = job(pair(2), { state: 'active' });
    const jobs: NightJobs = { pairs: [mine, other], sweeps: [], dead: [job(pair(9), { sourceId: 'x' })] };
    const status = summarizeNight(['2026-05-02'], jobs, NOW, new Set([mine.id]));
    expect(status).toMatchObject({ pairs: 1, succeeded: 1, active: 0, dead: 0, settled: true });
  });
});
