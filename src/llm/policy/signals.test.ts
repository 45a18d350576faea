import { describe, expect, it } from 'vitest';
import { startDeadline, type Timer } from './signals.ts';

describe('startDeadline', () => {
  it('stops its timer once when cleared, however often, without building an error for it', () => {
    const stops: AbortSignal[] = [];
    const timer: Timer = (_ms, signal) => {
      stops.push(signal);
      return new Promise(() => {});
    };
    const deadline = startDeadline(1_000, timer, () => new Error('late'));
    let aborts = 0;
    stops[0]?.addEventListener('abort', () => aborts++);
    // A stream's first-token deadline is cleared on every part it passes on.
    for (let i = 0; i < 100; i++) deadline.clear();
    expect(aborts).toBe(1);
    expect(stops[0]?.reason).not.toBeInstanceOf(Error);
    expect(deadline.expired).toBe(false);
  });
});
