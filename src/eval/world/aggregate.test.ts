import { describe, expect, it } from 'vitest';
import { aggregateWorld } from './aggregate.ts';
import { aRecord } from './fixtures.ts';

describe('aggregateWorld', () => {
  it('gives mean and sample std per (type, method, metric), over successful samples only', () => {
    const records = [
      aRecord('normal', 'world-sim', [4, 5, 5, 3]),
      aRecord('normal', 'world-sim', [5, 5, 4, 4]),
      aRecord('normal', 'world-sim', [3, 4, 3, 2]),
      aRecord('normal', 'world-sim', null),
      aRecord('normal', 'basic-info', [0, 3, 3, 2]),
    ];
    const cells = aggregateWorld(records, ['normal'], ['world-sim', 'basic-info']);
    // paper order: Basic Information before World Simulation
    expect(cells.map((c) => c.method)).toEqual(['basic-info', 'world-sim']);
    const sim = cells[1];
    expect(sim).toMatchObject({ mode: 'normal', n: 3, failed: 1 });
    expect(sim?.metrics.realism.mean).toBeCloseTo(4, 10);
    expect(sim?.metrics.realism.std).toBeCloseTo(1, 10);
    expect(sim?.metrics.consistency.mean).toBeCloseTo(14 / 3, 10);
    expect(sim?.metrics.consistency.std).toBeCloseTo(Math.sqrt(1 / 3), 10);
    expect(sim?.metrics.attraction.mean).toBeCloseTo(3, 10);
    // token cost counts failed jobs too: their calls were paid for
    expect(sim?.generation).toEqual({ calls: 12, inputTokens: 4000, outputTokens: 800 });
    expect(sim?.judge).toEqual({ calls: 16, inputTokens: 1600, outputTokens: 320 });
    expect(cells[0]?.metrics.realism).toEqual({ n: 1, mean: 0, std: 0 });
  });

  it('keeps a row with n = 0 when every job of it failed', () => {
    const [cell] = aggregateWorld([aRecord('memory', 'direct', null)], ['memory'], ['direct']);
    expect(cell).toMatchObject({ n: 0, failed: 1 });
    expect(Number.isNaN(cell?.metrics.richness.mean)).toBe(true);
  });
});
