import { describe, expect, it } from 'vitest';
import type { NewReflectionVersion, ReflectionScope } from '../../core/index.ts';
import { NotFoundError } from '../../core/index.ts';
import { at, days, type Harness } from './harness.ts';

/** Versioned reflections: one version per pair, scope and period; the newest is what the world reads. */
export function reflectionsContract(h: Harness): void {
  const version = (
    pair: { petId: string; userId: string },
    periodEnd: string,
    texts: string[],
    overrides: Partial<NewReflectionVersion> = {},
  ): NewReflectionVersion => ({
    ...pair,
    scope: 'nightly' as ReflectionScope,
    periodStart: periodEnd,
    periodEnd,
    promptVersion: 'reflect@v1/en',
    model: 'test-model',
    createdAt: at(days(Number(periodEnd.slice(8)))),
    items: texts.map((text, i) => ({
      id: h.id('rfl'),
      topic: i === 0 ? ('storyline' as const) : ('anticipation' as const),
      text,
    })),
    ...overrides,
  });

  const pairOf = async () => {
    const { user, pet } = await h.pair();
    return { petId: pet.id, userId: user.id };
  };

  describe('reflections', () => {
    it("stores a run's items in order as the scope's next version, and latest returns the newest", async () => {
      const pair = await pairOf();
      const first = await h.store().reflections.addVersion(version(pair, '2026-03-03', ['swims', 'picnic']));
      expect(first.map((r) => [r.text, r.topic, r.version])).toEqual([
        ['swims', 'storyline', 1],
        ['picnic', 'anticipation', 1],
      ]);
      expect(first[0]).toMatchObject({
        ...pair,
        scope: 'nightly',
        periodStart: '2026-03-03',
        periodEnd: '2026-03-03',
        promptVersion: 'reflect@v1/en',
        model: 'test-model',
        createdAt: at(days(3)),
      });
      expect(await h.store().reflections.latest({ ...pair, scope: 'nightly' })).toEqual(first);

      const second = await h.store().reflections.addVersion(version(pair, '2026-03-04', ['swims better']));
      expect(second.map((r) => r.version)).toEqual([2]);
      expect(await h.store().reflections.latest({ ...pair, scope: 'nightly' })).toEqual(second);
    });

    it('keeps a period stored before as it was (a retried night) and writes nothing', async () => {
      const pair = await pairOf();
      const stored = await h.store().reflections.addVersion(version(pair, '2026-03-05', ['a', 'b']));
      const again = await h.store().reflections.addVersion(version(pair, '2026-03-05', ['c']));
      expect(again).toEqual(stored);
      expect(await h.store().reflections.list({ ...pair })).toHaveLength(2);
      const next = await h.store().reflections.addVersion(version(pair, '2026-03-06', ['d']));
      expect(next[0]?.version).toBe(2);
    });

    it('two runs of one period at once store one version, and both see it', async () => {
      const pair = await pairOf();
      const [a, b] = await Promise.all([
        h.store().reflections.addVersion(version(pair, '2026-03-07', ['one', 'two'])),
        h.store().reflections.addVersion(version(pair, '2026-03-07', ['three', 'four'])),
      ]);
      expect(a).toEqual(b);
      expect(a.map((r) => r.version)).toEqual([1, 1]);
      expect(await h.store().reflections.list({ ...pair })).toHaveLength(2);
    });

    it('versions each scope on its own and stores nothing for an empty run', async () => {
      const pair = await pairOf();
      await h.store().reflections.addVersion(version(pair, '2026-03-08', ['night']));
      const weekly = await h
        .store()
        .reflections.addVersion(
          version(pair, '2026-03-08', ['week'], { scope: 'weekly', periodStart: '2026-03-02' }),
        );
      expect(weekly.map((r) => [r.scope, r.version, r.periodStart])).toEqual([['weekly', 1, '2026-03-02']]);
      expect(await h.store().reflections.addVersion(version(pair, '2026-03-09', []))).toEqual([]);
      expect((await h.store().reflections.latest({ ...pair, scope: 'nightly' })).map((r) => r.text)).toEqual([
        'night',
      ]);
      expect(await h.store().reflections.latest({ ...pair, scope: 'weekly' })).toEqual(weekly);
    });

    it("lists every version newest first, one pair's or all the pet's users', up to a limit", async () => {
      const pair = await pairOf();
      const other = await pairOf();
      await h.store().reflections.addVersion(version(pair, '2026-03-10', ['old a', 'old b']));
      await h.store().reflections.addVersion(version(pair, '2026-03-11', ['new']));
      await h.store().reflections.addVersion(version(other, '2026-03-11', ['another pet']));
      const listed = await h.store().reflections.list({ petId: pair.petId, userId: pair.userId });
      expect(listed.map((r) => [r.text, r.version])).toEqual([
        ['new', 2],
        ['old a', 1],
        ['old b', 1],
      ]);
      expect(await h.store().reflections.list({ petId: pair.petId })).toEqual(listed);
      expect(await h.store().reflections.list({ petId: pair.petId, limit: 1 })).toEqual(listed.slice(0, 1));
      expect(await h.store().reflections.list({ petId: pair.petId, userId: other.userId })).toEqual([]);
      expect(
        await h.store().reflections.latest({ petId: pair.petId, userId: other.userId, scope: 'nightly' }),
      ).toEqual([]);
    });

    it('refuses a version for a pet that does not exist', async () => {
      const { userId } = await pairOf();
      await expect(
        h.store().reflections.addVersion(version({ petId: h.id('pet'), userId }, '2026-03-12', ['x'])),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('goes with the user when the user is erased', async () => {
      const pair = await pairOf();
      await h.store().reflections.addVersion(version(pair, '2026-03-13', ['x']));
      expect(await h.store().users.erase(pair.userId)).toBe(true);
      expect(await h.store().reflections.list({ petId: pair.petId })).toEqual([]);
    });
  });
}
