/** Every date in ipet comes from a Clock, so that expiry, schedules and evaluation are reproducible. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant (tests, demos, `IPET_NOW`). `advance` moves it forward. */
export function fixedClock(
  at: Date | string,
): Clock & { advance(ms: number): void; set(at: Date | string): void } {
  let t = new Date(at).getTime();
  if (Number.isNaN(t)) throw new RangeError(`invalid clock time: ${String(at)}`);
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
    set(next: Date | string) {
      t = new Date(next).getTime();
    },
  };
}
