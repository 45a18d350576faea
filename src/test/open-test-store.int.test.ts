import { describe, expect, it } from 'vitest';
import { DEFAULT_PROACTIVE } from '../core/index.ts';
import { openTestStore } from './index.ts';

const T0 = new Date('2026-03-01T10:00:00.000Z');

describe('openTestStore', () => {
  it('opens independent, migrated, empty stores', async () => {
    const first = await openTestStore();
    const second = await openTestStore();
    try {
      expect(first.kind).toBe('pglite');
      expect(first.location).toBe('memory://');
      await first.users.create({
        id: 'usr_1',
        name: 'Ada',
        callName: '',
        timezone: 'UTC',
        locale: 'en',
        ageBand: 'unknown',
        interests: [],
        proactive: DEFAULT_PROACTIVE,
        createdAt: T0,
        updatedAt: T0,
      });
      expect(await first.users.list()).toHaveLength(1);
      expect(await second.users.list()).toEqual([]);
      // pgvector works in the cloned database too.
      await second.memories.ensureVectorIndex('test-model', 3);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
