import { describe, expect, it } from 'vitest';
import type { Memory } from '../core/index.ts';
import { DEFAULT_FUSION, fuseRankings, recencyPrior } from './fusion.ts';
import { memoryFixture } from './testing/fixtures.ts';

const now = new Date('2025-03-10T00:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const mem = (id: string, extra: Partial<Memory> = {}) =>
  memoryFixture({ id, createdAt: daysAgo(1), occurredAt: daysAgo(1), category: 'permanent', ...extra });

describe('fuseRankings', () => {
  it('ranks a memory found by both lists above ones found by one', () => {
    const a = mem('a');
    const b = mem('b');
    const c = mem('c');
    const out = fuseRankings({
      dense: [
        { memory: b, score: 0.9 },
        { memory: a, score: 0.8 },
      ],
      lexical: [
        { memory: c, score: 0.5 },
        { memory: a, score: 0.4 },
      ],
      now,
    });
    expect(out.map((r) => r.memory.id)).toEqual(['a', 'b', 'c']);
    expect(out[0]?.sources).toMatchObject({ dense: 0.8, lexical: 0.4 });
  });

  it('applies the documented formula', () => {
    const a = mem('a', { createdAt: now, occurredAt: now });
    const [hit] = fuseRankings({ dense: [{ memory: a, score: 0.7 }], lexical: [], now });
    // rank 1 in dense only: (1/61) / (2/61) = 0.5, brand new: recency 1
    expect(hit?.score).toBeCloseTo(0.5 * (1 + DEFAULT_FUSION.recencyBoost), 10);
    expect(hit?.sources.recency).toBe(1);
  });

  it('drops dense hits under the cosine floor and lexical non-matches', () => {
    const out = fuseRankings({
      dense: [
        { memory: mem('near'), score: 0.31 },
        { memory: mem('far'), score: 0.12 },
      ],
      lexical: [{ memory: mem('nomatch'), score: 0 }],
      now,
    });
    expect(out.map((r) => r.memory.id)).toEqual(['near']);
  });

  it('lets recency break otherwise equal ranks but not override relevance', () => {
    const fresh = mem('fresh', { category: 'short_term', createdAt: now, occurredAt: now });
    const stale = mem('stale', { category: 'short_term', createdAt: daysAgo(20), occurredAt: daysAgo(20) });
    const tie = fuseRankings({
      dense: [{ memory: stale, score: 0.8 }],
      lexical: [{ memory: fresh, score: 0.8 }],
      now,
    });
    expect(tie.map((r) => r.memory.id)).toEqual(['fresh', 'stale']);

    const both = fuseRankings({
      dense: [
        { memory: stale, score: 0.9 },
        { memory: fresh, score: 0.5 },
      ],
      lexical: [{ memory: stale, score: 0.6 }],
      now,
    });
    expect(both[0]?.memory.id).toBe('stale');
  });

  it('keeps the score scale when dense search is unavailable', () => {
    const a = mem('a', { createdAt: now, occurredAt: now });
    const [hit] = fuseRankings({ dense: null, lexical: [{ memory: a, score: 0.2 }], now });
    expect(hit?.score).toBeCloseTo(1 + DEFAULT_FUSION.recencyBoost, 10);
    expect(hit?.sources.dense).toBeUndefined();
  });

  it('counts a memory listed twice in one list once', () => {
    const a = mem('a');
    const out = fuseRankings({
      dense: [
        { memory: a, score: 0.9 },
        { memory: a, score: 0.8 },
      ],
      lexical: [],
      now,
    });
    expect(out).toHaveLength(1);
  });
});

describe('recencyPrior', () => {
  it('halves every half-life of the category and never exceeds 1 for future events', () => {
    const halfLife = DEFAULT_FUSION.halfLifeDays;
    expect(
      recencyPrior(
        mem('x', { category: 'short_term', occurredAt: daysAgo(7), createdAt: daysAgo(7) }),
        now,
        halfLife,
      ),
    ).toBeCloseTo(0.5);
    expect(
      recencyPrior(
        mem('x', { category: 'long_term', occurredAt: daysAgo(60), createdAt: daysAgo(60) }),
        now,
        halfLife,
      ),
    ).toBeCloseTo(0.25);
    expect(recencyPrior(mem('x', { occurredAt: new Date(now.getTime() + 86_400_000) }), now, halfLife)).toBe(
      1,
    );
  });
});
