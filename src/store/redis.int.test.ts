import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../core/index.ts';
import { useHarness } from './contract/harness.ts';
import { limitsContract } from './contract/limits-contract.ts';
import { sqlProbe } from './contract/probe.ts';
import { openStore } from './open-store.ts';
import { postgresTestDatabase } from './postgres-test-database.ts';
import { openRedisShared } from './redis-shared.ts';

const adminUrl = process.env.IPET_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.IPET_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const skip = process.env.IPET_SKIP_POSTGRES === '1' || process.env.IPET_SKIP_REDIS === '1';
/** Every run keeps to its own keys (and leaves nothing behind: the buckets expire, see LIMIT_TTL_MS). */
const prefix = () => `ipet-test-${randomBytes(6).toString('hex')}:`;

describe.skipIf(skip)('the rate limits and counters in Redis (IPET_REDIS_URL)', () => {
  const database = postgresTestDatabase(adminUrl);
  afterAll(() => database.drop());

  // The same contract as the database's limits: a store on PostgreSQL whose limits and counters are in Redis.
  describe('store contract, limits in Redis', () => {
    const h = useHarness(
      async () =>
        openStore(
          { kind: 'postgres', url: await database.create(), poolSize: 4 },
          { redis: { url: redisUrl, prefix: prefix() } },
        ),
      sqlProbe,
    );
    limitsContract(h, { atomicWithRows: false });

    it('keeps no rate-limit row in the database', async () => {
      const user = await h.user();
      await h.store().limits.take({
        scope: 'chat',
        userId: user.id,
        at: new Date(),
        bucket: { capacity: 1, refillPerMinute: 1 },
      });
      expect((await h.probe.rowsContaining(h.store(), user.id)).rate_limits).toBe(0);
    });
  });

  it('shares one bucket between clients, and loads its script again after a SCRIPT FLUSH', async () => {
    const keys = prefix();
    const [a, b] = await Promise.all([
      openRedisShared({ url: redisUrl, prefix: keys }),
      openRedisShared({ url: redisUrl, prefix: keys }),
    ]);
    try {
      const at = new Date('2026-03-01T10:00:00Z');
      const take = (shared: typeof a) =>
        shared.limits.take({ scope: 's', userId: 'u', at, bucket: { capacity: 2, refillPerMinute: 1 } });
      expect((await take(a)).ok).toBe(true);
      expect((await take(b)).ok).toBe(true);
      expect(await take(a)).toEqual({ ok: false, refusedBy: 'bucket', retryAfterMs: 60_000 });
      const { createClient } = await import('@redis/client');
      const admin = createClient({ url: redisUrl });
      await admin.connect();
      await admin.sendCommand(['SCRIPT', 'FLUSH']);
      await admin.close();
      expect(await take(b)).toMatchObject({ ok: false, refusedBy: 'bucket' });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('says where Redis was expected when it is not there', async () => {
    const error = await openRedisShared({ url: 'redis://127.0.0.1:1', prefix: prefix() }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('could not connect to Redis at redis://127.0.0.1:1');
    expect(error.hint).toMatch(/IPET_REDIS_URL/);
  });
});
