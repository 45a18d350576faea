import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHandle, startSimulator } from '../../src/sim/index.ts';
import { postgresTestDatabase } from '../../src/store/postgres-test-database.ts';
import { type Replica, sample, startReplica } from './replicas.ts';

/**
 * Issue 19 part 3, "many processes, one truth": three `ipet serve` processes behind one (imagined) load
 * balancer, on one PostgreSQL database - and the same with the limits and counters in Redis. Together they
 * enforce one chat limit per user (a burst of 20: 26 turns spread over the three get exactly 6 refusals, where
 * three private limits would refuse none), and `/metrics` on any of them shows every process's counts once
 * the others have flushed (every 5 s).
 */
const skipPostgres = process.env.IPET_SKIP_POSTGRES === '1';
const skipRedis = process.env.IPET_SKIP_REDIS === '1';
const adminUrl = process.env.IPET_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.IPET_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const ADMIN = 'replicas-test-key';
const BURST = 20;
const EXTRA = 6;
const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };

function suite(name: string, skip: boolean, extraEnv: () => Record<string, string>) {
  describe.skipIf(skip)(`three ipet serve processes on one PostgreSQL database (${name})`, () => {
    const pg = postgresTestDatabase(adminUrl);
    let sim: SimHandle;
    let replicas: Replica[] = [];

    beforeAll(async () => {
      sim = await startSimulator({ port: 0 });
      const env = {
        IPET_DATABASE_URL: await pg.create(),
        IPET_DATA_DIR: `/tmp/ipet-replicas-${randomBytes(4).toString('hex')}`,
        IPET_ADMIN_KEY: ADMIN,
        IPET_LLM_BASE_URL: sim.url,
        IPET_LLM_MODEL: 'ipet-sim',
        IPET_EMBED_MODEL: 'ipet-sim-embed',
        IPET_LOG_LEVEL: 'error',
        // A burst of 20 that regains one turn per 1,000 minutes: no refill while a loaded machine works.
        IPET_CHAT_BURST: String(BURST),
        IPET_CHAT_PER_MINUTE: '0.001',
        ...extraEnv(),
      };
      // The first applies the migrations; the other two then start side by side.
      replicas = [await startReplica(env)];
      replicas.push(...(await Promise.all([startReplica(env), startReplica(env)])));
    }, 240_000);

    afterAll(async () => {
      await Promise.all(replicas.map((r) => r.stop()));
      await sim?.close();
      await pg.drop();
    });

    it('enforce one chat limit per user and show the combined counts on /metrics', async () => {
      const [one, two, three] = replicas as [Replica, Replica, Replica];
      const signup = await fetch(`${one.url}/api/v1/users`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ name: 'Ada', timezone: 'Europe/Paris' }),
      });
      expect(signup.status).toBe(201);
      const { token } = (await signup.json()) as { token: string };
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const created = await fetch(`${two.url}/api/v1/pets`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: 'Mochi', kind: 'cat' }),
      });
      const { pet } = (await created.json()) as { pet: { id: string } };

      // BURST + EXTRA turns at once, round-robin over the three processes.
      const statuses = await Promise.all(
        Array.from({ length: BURST + EXTRA }, async (_, i) => {
          const res = await fetch(`${replicas[i % 3]!.url}/api/v1/pets/${pet.id}/chat`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ text: `message ${i}` }),
          });
          const body = await res.text();
          if (res.status === 429) expect(JSON.parse(body).error.code).toBe('limit_exceeded');
          return res.status;
        }),
      );
      expect(statuses.filter((s) => s === 429)).toHaveLength(EXTRA);
      expect(statuses.filter((s) => s === 200)).toHaveLength(BURST);
      // Every process refused some: one limit, not three (round-robin spreads the refusals).
      expect(new Set(statuses.flatMap((s, i) => (s === 429 ? [i % 3] : []))).size).toBeGreaterThan(1);

      // Any one of them shows everyone's counts once the other two have flushed (every 5 s).
      const route = '/api/v1/pets/:petId/chat';
      const figures = (metrics: string) => ({
        refused: sample(metrics, 'ipet_rate_limited_total', { scope: 'chat-user' }),
        quotaEvents: sample(metrics, 'ipet_safety_events_total', { kind: 'quota' }),
        turnsOk: sample(metrics, 'ipet_chat_turns_total', { api: 'rest', outcome: 'ok' }),
        chatRequests:
          sample(metrics, 'ipet_http_requests_total', { method: 'POST', route, status: '429' }) +
          sample(metrics, 'ipet_http_requests_total', { method: 'POST', route, status: '200' }),
      });
      const expected = { refused: EXTRA, quotaEvents: EXTRA, turnsOk: BURST, chatRequests: BURST + EXTRA };
      let metrics = '';
      for (let waited = 0; waited < 45_000; waited += 500) {
        const res = await fetch(`${three.url}/metrics`, { headers: admin });
        expect(res.status).toBe(200);
        metrics = await res.text();
        if (JSON.stringify(figures(metrics)) === JSON.stringify(expected)) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(figures(metrics), metrics).toEqual(expected);
      expect(sample(metrics, 'ipet_model_calls_total', { purpose: 'chat' })).toBeGreaterThanOrEqual(BURST);
      // The same figures from another process.
      const fromOne = await (await fetch(`${one.url}/metrics`, { headers: admin })).text();
      expect(sample(fromOne, 'ipet_rate_limited_total', { scope: 'chat-user' })).toBe(EXTRA);
    });
  });
}

suite('limits in PostgreSQL', skipPostgres, () => ({}));
suite('limits in Redis', skipPostgres || skipRedis, () => ({
  IPET_REDIS_URL: redisUrl,
  IPET_REDIS_PREFIX: `ipet-test-${randomBytes(6).toString('hex')}:`,
}));
