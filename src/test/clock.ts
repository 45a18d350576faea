import { type Clock, fixedClock } from '../core/index.ts';

/**
 * A clock that starts at `at` and moves forward `stepMs` after each reading, so that rows written in one loop
 * get distinct, increasing times (stores order them by time, and break ties by id, not by insertion).
 */
export function tickingClock(at: Date | string, stepMs = 1): Clock & ReturnType<typeof fixedClock> {
  const clock = fixedClock(at);
  return {
    ...clock,
    now() {
      const now = clock.now();
      clock.advance(stepMs);
      return now;
    },
  };
}
