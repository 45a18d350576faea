import { afterEach, describe, expect, it, vi } from 'vitest';
import { type NightFailure, type NightStatus, summarizeNight } from '../../nightly/index.ts';
import { createOutput } from '../output.ts';
import { nightProgress, renderStatus } from './nightly.ts';

const DATE = '2026-05-02';
const failure = (over: Partial<NightFailure> = {}): NightFailure => ({
  userId: 'usr_1',
  petId: 'pet_1',
  date: DATE,
  state: 'retry',
  step: 'world',
  reason: 'model_output_invalid:world',
  attempts: 2,
  budgetExceeded: false,
  failedAt: '2026-05-02T03:00:05.000Z',
  ...over,
});
const empty = summarizeNight([DATE], { pairs: [], sweeps: [], dead: [] }, new Date());
const status = (over: Partial<NightStatus>): NightStatus => ({ ...empty, pairs: 1, settled: false, ...over });

afterEach(() => {
  vi.useRealTimers();
});

describe('ipet nightly progress', () => {
  it('counts done, failed and retrying with the last cause, a line every 10 s without a TTY', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-05-02T03:00:00Z'));
    const stderr: string[] = [];
    const out = createOutput(false, {
      stdout: { write: () => true },
      stderr: { isTTY: false, write: (c: string) => stderr.push(...c.split('\n').filter(Boolean)) },
    });
    const progress = nightProgress(out);
    // One pair retried for five minutes (a poll a second), its calls growing, then failed for good.
    for (let s = 0; s < 300; s++) {
      vi.advanceTimersByTime(1000);
      progress.update(status({ retrying: 1, calls: s, lastFailure: failure() }));
    }
    const last = failure({ state: 'failed', attempts: 5, budgetExceeded: true });
    progress.done(status({ failed: 1, calls: 300, settled: true, failures: [last], lastFailure: last }));

    expect(stderr.length).toBeLessThanOrEqual(300 / 10 + 2);
    expect(stderr[0]).toContain(
      'done 0 · failed 0 · retrying 1 · calls 0 · tokens 0 · last failure: world model_output_invalid:world',
    );
    expect(stderr.at(-1)).toMatch(
      / 1\/1 100% .*done 0 · failed 1 · retrying 0 .*\(stopped by the night budget\)$/,
    );
  });
});

describe('ipet nightly status (text)', () => {
  it('lists failing pairs with their step, cause, attempts and whether the budget ran out', () => {
    const text = renderStatus(
      status({
        failed: 1,
        retrying: 1,
        failures: [
          failure({ state: 'failed', attempts: 4, budgetExceeded: true }),
          failure({
            userId: 'usr_2',
            petId: 'pet_2',
            step: 'extract',
            reason: 'budget_exceeded',
            attempts: 1,
          }),
        ],
      }),
    );
    expect(text).toContain(
      'usr_1/pet_1 2026-05-02 world: model_output_invalid:world (4 attempts, failed, stopped by the night budget)',
    );
    expect(text).toContain('usr_2/pet_2 2026-05-02 extract: budget_exceeded (1 attempt, retry)');
  });
});
