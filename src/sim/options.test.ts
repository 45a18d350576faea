import { describe, expect, it } from 'vitest';
import { DEFAULT_SIM_OPTIONS, resolveOptions, SimOptionsError } from './options.ts';

describe('resolveOptions', () => {
  it('applies a valid patch over the base', () => {
    const next = resolveOptions(DEFAULT_SIM_OPTIONS, { capacity: 2, failRate: 0.5, faults: ['timeout'] });
    expect(next.capacity).toBe(2);
    expect(next.failRate).toBe(0.5);
    expect(next.faults).toEqual(['timeout']);
    expect(next.models).toEqual(['ipet-sim']);
    expect(next.scripts).toEqual([]);
    const scripts = [{ contains: ['I lost my job', 'how tall'], reply: '{"level":"crisis"}' }];
    expect(resolveOptions(DEFAULT_SIM_OPTIONS, { scripts }).scripts).toEqual(scripts);
    expect(
      resolveOptions(DEFAULT_SIM_OPTIONS, { tokensPerSecond: Number.POSITIVE_INFINITY }).tokensPerSecond,
    ).toBe(Number.POSITIVE_INFINITY);
  });

  it.each([
    { capacity: 0 },
    { failRate: 1.5 },
    { faults: ['explode'] },
    { overCapacity: 'drop' },
    { latencyMs: -1 },
    { models: [] },
    { nonsense: true },
    { schemaOnly: 'yes' },
    { scripts: [{ contains: [], reply: 'x' }] },
    { scripts: [{ contains: [''], reply: 'x' }] },
    { scripts: [{ contains: ['a'] }] },
  ])('rejects %j', (patch) => {
    expect(() => resolveOptions(DEFAULT_SIM_OPTIONS, patch as never)).toThrow(SimOptionsError);
  });
});
