import { describe, expect, it } from 'vitest';
import { createTurnsInFlight } from './turns-in-flight.ts';

/** A sleep the test ends by hand. */
function manualSleep() {
  const waits: Array<() => void> = [];
  return {
    sleep: () => new Promise<void>((resolve) => waits.push(resolve)),
    fire: () => {
      for (const resolve of waits.splice(0)) resolve();
    },
  };
}
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('turns in flight', () => {
  it('drains at once when no turn is running', async () => {
    const turns = createTurnsInFlight();
    turns.add(() => {})();
    expect(await turns.drain({ graceMs: 1_000, sleep: () => new Promise(() => {}) })).toEqual({
      finished: 0,
      aborted: 0,
    });
  });

  it('waits for the turns in flight to finish, without aborting them', async () => {
    const turns = createTurnsInFlight();
    const aborted: string[] = [];
    const done = turns.add(() => aborted.push('a'));
    const { sleep } = manualSleep();
    let drained = false;
    const draining = turns.drain({ graceMs: 1_000, sleep }).then((r) => {
      drained = true;
      return r;
    });
    await tick();
    expect(drained).toBe(false);
    done();
    expect(await draining).toEqual({ finished: 1, aborted: 0 });
    expect(aborted).toEqual([]);
  });

  it('aborts what is still running after the grace period and waits for it to settle', async () => {
    const turns = createTurnsInFlight();
    const settles: Array<() => void> = [];
    const quick = turns.add(() => {});
    const slow = turns.add(() => settles.push(slow));
    const { sleep, fire } = manualSleep();
    const draining = turns.drain({ graceMs: 1_000, sleep });
    quick();
    await tick();
    fire(); // the grace period is over
    await tick();
    expect(settles).toHaveLength(1);
    expect(turns.size).toBe(1);
    settles[0]?.(); // the aborted turn stored its reply as failed
    expect(await draining).toEqual({ finished: 1, aborted: 1 });
    expect(turns.size).toBe(0);
  });
});
