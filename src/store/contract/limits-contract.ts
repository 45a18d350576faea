import { describe, expect, it } from 'vitest';
import {
  type BucketRate,
  ConflictError,
  RateLimitedError,
  type RateLimitTake,
  takeFromBucket,
} from '../../core/index.ts';
import { at, type Harness, minutes, T0 } from './harness.ts';

const rate: BucketRate = { capacity: 3, refillPerMinute: 6 }; // one back every 10 s

/**
 * The shared rate limits and counters: every engine (PGlite, PostgreSQL, Redis beside either, the test kit)
 * takes exactly as the reference arithmetic (`core/rate-bucket.ts`) says, atomically under concurrency, and
 * `beginTurn` writes a turn's rows only when its take is admitted. With the limits in Redis the take comes
 * first, so a turn whose rows then fail to write (an idempotency clash) has used its token.
 */
export function limitsContract(
  h: Harness,
  options: {
    /** The limits are in the database, so a turn's take and rows are one statement (not with Redis). */
    atomicWithRows?: boolean;
  } = {},
): void {
  const take = (userId: string, offsetMs: number, overrides: Partial<RateLimitTake> = {}) =>
    h.store().limits.take({ scope: 'chat', userId, at: at(offsetMs), bucket: rate, ...overrides });

  describe('rate limits', () => {
    it('admits and refuses exactly as the reference bucket, with the same retry-after', async () => {
      const user = await h.user();
      // A burst, refusals, partial refills and a long idle gap, at uneven times.
      const times = [0, 0, 0, 0, 4_000, 10_000, 10_500, 21_000, 29_999, 30_000, 600_000, 600_000, 600_001];
      let tat: number | null = null;
      for (const offset of times) {
        const expected = takeFromBucket(tat, T0.getTime() + offset, rate);
        const outcome = await take(user.id, offset);
        if (expected.ok) {
          tat = expected.tat;
          expect(outcome, `at +${offset} ms`).toEqual({
            ok: true,
            remaining: expected.remaining,
            quotaUsed: null,
          });
        } else {
          expect(outcome, `at +${offset} ms`).toEqual({
            ok: false,
            refusedBy: 'bucket',
            retryAfterMs: expected.retryAfterMs,
          });
        }
      }
    });

    it('keeps scopes and users apart', async () => {
      const [a, b] = [await h.user(), await h.user()];
      for (let i = 0; i < 3; i++) expect((await take(a.id, 0)).ok).toBe(true);
      expect((await take(a.id, 0)).ok).toBe(false);
      expect((await take(a.id, 0, { scope: 'events' })).ok).toBe(true);
      expect((await take(b.id, 0)).ok).toBe(true);
    });

    it('counts a quota per period, lets uncounted takes through it, and starts again in a new period', async () => {
      const user = await h.user();
      const quota = (period: string, count = true) => ({ quota: { period, limit: 2, count } });
      const loose = { bucket: { capacity: 100, refillPerMinute: 100 } };
      expect(await take(user.id, 0, { ...loose, ...quota('2026-03-01') })).toMatchObject({
        ok: true,
        quotaUsed: 1,
      });
      expect(await take(user.id, 0, { ...loose, ...quota('2026-03-01') })).toMatchObject({
        ok: true,
        quotaUsed: 2,
      });
      expect(await take(user.id, 0, { ...loose, ...quota('2026-03-01') })).toEqual({
        ok: false,
        refusedBy: 'quota',
        retryAfterMs: 0,
      });
      // A retried turn takes from the bucket only.
      expect(await take(user.id, 0, { ...loose, ...quota('2026-03-01', false) })).toMatchObject({
        ok: true,
        quotaUsed: 2,
      });
      expect(await take(user.id, 0, { ...loose, ...quota('2026-03-02') })).toMatchObject({
        ok: true,
        quotaUsed: 1,
      });
    });

    it('takes nothing from the quota when the bucket refuses', async () => {
      const user = await h.user();
      const tight = {
        bucket: { capacity: 1, refillPerMinute: 1 },
        quota: { period: 'p', limit: 2, count: true },
      };
      expect((await take(user.id, 0, tight)).ok).toBe(true);
      expect(await take(user.id, 0, tight)).toMatchObject({
        ok: false,
        refusedBy: 'bucket',
        retryAfterMs: 60_000,
      });
      expect(await take(user.id, minutes(1), tight)).toMatchObject({ ok: true, quotaUsed: 2 });
    });

    it('admits exactly the bucket when many takes race (one limit for every process)', async () => {
      const user = await h.user();
      const outcomes = await Promise.all(Array.from({ length: 12 }, () => take(user.id, 0)));
      expect(outcomes.filter((o) => o.ok)).toHaveLength(3);
      expect(outcomes.filter((o) => !o.ok)).toHaveLength(9);
    });
  });

  describe('a turn opened with its limit', () => {
    const opening = async (userId: string, petId: string, offsetMs = 0, key: string | null = null) => {
      const session = await h.session(userId, petId, at(offsetMs));
      return {
        session,
        rows: {
          touchSession: { id: session.id, at: at(offsetMs) },
          messages: [h.message(session, { createdAt: at(offsetMs), idempotencyKey: key })],
          limit: {
            scope: 'chat',
            userId,
            at: at(offsetMs),
            bucket: { capacity: 1, refillPerMinute: 1 },
            quota: { period: '2026-03-01', limit: 5, count: true },
          },
        },
      };
    };

    it('writes the rows and takes the turn in one go, or writes nothing when refused', async () => {
      const { user, pet } = await h.pair();
      const first = await opening(user.id, pet.id);
      expect(await h.store().chats.beginTurn(first.rows)).toHaveLength(1);
      const second = await opening(user.id, pet.id);
      const error = await h
        .store()
        .chats.beginTurn(second.rows)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).refusal).toEqual({
        ok: false,
        refusedBy: 'bucket',
        retryAfterMs: 60_000,
      });
      expect(await h.store().chats.listMessages(second.session.id)).toEqual([]);
      expect((await h.store().chats.getSession(user.id, second.session.id))?.lastMessageAt).toEqual(T0);
    });

    it.skipIf(options.atomicWithRows === false)('takes nothing when the rows cannot be written', async () => {
      const { user, pet } = await h.pair();
      await h.store().chats.beginTurn((await opening(user.id, pet.id, 0, 'k')).rows);
      const clash = await opening(user.id, pet.id, minutes(1), 'k');
      await expect(h.store().chats.beginTurn(clash.rows)).rejects.toBeInstanceOf(ConflictError);
      // The clash took nothing: the turn a minute later still finds its token.
      expect((await take(user.id, minutes(1), clash.rows.limit)).ok).toBe(true);
    });
  });

  describe('shared counters', () => {
    it('adds deltas from any number of writers and reads the totals by name and labels', async () => {
      const name = `ipet_test_${h.id('c').replaceAll('_', '')}_total`;
      const counters = h.store().counters;
      await Promise.all([
        counters.add([
          { name, labels: { route: '/a', status: '200' }, value: 2 },
          { name, labels: { status: '200', route: '/a' }, value: 1 },
        ]),
        counters.add([{ name, labels: { route: '/a', status: '200' }, value: 4 }]),
        counters.add([{ name, labels: { route: '/b', status: '500' }, value: 1.5 }]),
        counters.add([]),
      ]);
      const mine = (await counters.totals())
        .filter((c) => c.name === name)
        .sort((x, y) => (x.labels.route! < y.labels.route! ? -1 : 1));
      expect(mine).toEqual([
        { name, labels: { route: '/a', status: '200' }, value: 7 },
        { name, labels: { route: '/b', status: '500' }, value: 1.5 },
      ]);
    });
  });
}
