import { describe, expect, it } from 'vitest';
import { jobId, pairKey, QUEUES, sweepKey } from './job-keys.ts';

describe('job keys', () => {
  it('derives a stable UUID per queue and key', () => {
    const key = pairKey({ userId: 'usr_1', petId: 'pet_1', date: '2026-03-10' });
    expect(key).toBe('usr_1:pet_1:2026-03-10');
    const id = jobId(QUEUES.pair, key);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(jobId(QUEUES.pair, key)).toBe(id);
  });

  it('gives other dates, pairs and queues other ids', () => {
    const ids = new Set([
      jobId(QUEUES.pair, pairKey({ userId: 'usr_1', petId: 'pet_1', date: '2026-03-10' })),
      jobId(QUEUES.pair, pairKey({ userId: 'usr_1', petId: 'pet_1', date: '2026-03-11' })),
      jobId(QUEUES.pair, pairKey({ userId: 'usr_1', petId: 'pet_2', date: '2026-03-10' })),
      jobId(QUEUES.sweep, sweepKey('2026-03-10')),
      jobId(QUEUES.plan, sweepKey('2026-03-10')),
    ]);
    expect(ids.size).toBe(5);
  });
});
