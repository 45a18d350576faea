import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  loadConfig,
  nightlyDeps,
  openRuntime,
  type Runtime,
  type StoreConfig,
  startProactiveDelivery,
} from '../../src/app/index.ts';
import type { ProactiveMessage, User } from '../../src/core/index.ts';
import { fixedClock, localDate, silentLogger } from '../../src/core/index.ts';
import { runPairNight } from '../../src/nightly/index.ts';
import { inQuietHours } from '../../src/proactive/index.ts';
import { createPet, createUser } from '../../src/profiles/index.ts';
import { buildServer, issueToken } from '../../src/server/index.ts';
import { type SimHandle, startSimulator } from '../../src/sim/index.ts';
import { postgresTestDatabase } from '../../src/store/testing.ts';

/**
 * Messages the pet starts, end to end against the simulator, on PGlite and PostgreSQL, with the simulator
 * answering from the prompt and in schema-only mode: the pair's night plans them after building the day,
 * the delivery loop sends each at its planned time (the clock is injected and walked through the day) into
 * the chat, over the operator's webhook (a local receiver checks the signature) and the user's event stream,
 * and none is ever delivered inside the user's quiet hours.
 */
const adminUrl = process.env.IPET_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const skipPostgres = process.env.IPET_SKIP_POSTGRES === '1';
const DATE = '2026-06-01';
const SECRET = 'hook-secret';
const USERS = 5;

interface Hook {
  url: string;
  received: Array<{ body: string; signature: string | undefined; delivery: string | undefined }>;
  close(): Promise<void>;
}

async function startHook(): Promise<Hook> {
  const received: Hook['received'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({
        body,
        signature: req.headers['x-ipet-signature'] as string | undefined,
        delivery: req.headers['x-ipet-delivery'] as string | undefined,
      });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function proactiveSuite(name: string, store: () => Promise<StoreConfig>, schemaOnly: boolean) {
  describe(`${name}${schemaOnly ? ' (schema-only simulator)' : ''}`, () => {
    let sim: SimHandle;
    let hook: Hook;
    let rt: Runtime;
    // The night before the date in Paris (UTC+2 in June).
    const clock = fixedClock('2026-05-31T23:30:00Z');
    const users: User[] = [];

    beforeAll(async () => {
      sim = await startSimulator({ port: 0, seed: 11, ...(schemaOnly ? { schemaOnly: true } : {}) });
      hook = await startHook();
      const config = {
        ...loadConfig({
          IPET_LLM_BASE_URL: sim.url,
          IPET_LLM_MODEL: 'ipet-sim',
          IPET_LLM_MAX_RETRIES: '0',
          IPET_PROACTIVE_WEBHOOK_URL: hook.url,
          IPET_PROACTIVE_WEBHOOK_SECRET: SECRET,
          IPET_PROACTIVE_EVERY_SECONDS: '0.05',
        }),
        store: await store(),
      };
      rt = await openRuntime(config, { clock, logger: silentLogger });
      const base = { ...rt.store, clock: rt.clock, ids: rt.ids };
      for (let i = 0; i < USERS; i++) {
        const user = await createUser(base, {
          name: `User ${i}`,
          timezone: 'Europe/Paris',
          proactive: { enabled: true, quietStart: '21:00', quietEnd: '09:00', dailyCap: 3 },
        });
        users.push(user);
        const pet = await createPet(base, { ownerId: user.id, profile: { name: `Pet ${i}`, kind: 'otter' } });
        const report = await runPairNight(
          nightlyDeps(rt),
          { userId: user.id, petId: pet.id, date: DATE },
          { lastAttempt: true },
        );
        expect(report.world).not.toBeNull();
        expect(report.proactive).toMatchObject({ outcome: 'planned', calls: expect.any(Number) });
      }
    }, 240_000);

    afterAll(async () => {
      await rt?.close();
      await hook?.close();
      await sim?.close();
    });

    const all = async () =>
      (await Promise.all(users.map((u) => rt.store.proactive.list({ userId: u.id })))).flat();

    it('plans grounded messages for the date, none in quiet hours, at most the cap', async () => {
      const rows = await all();
      const planned = rows.filter((m) => m.status === 'planned');
      expect(planned.length).toBeGreaterThan(0);
      for (const m of planned) {
        expect(m.date).toBe(DATE);
        expect(localDate(m.dueAt, 'Europe/Paris')).toBe(DATE);
        expect(inQuietHours(m.dueAt, 'Europe/Paris', users[0]!.proactive)).toBe(false);
        expect(m.groundedIn).not.toBe('');
      }
      for (const m of rows.filter((r) => r.status === 'skipped')) expect(m.skipReason).toBeTruthy();
    });

    it('delivers each at its planned time into the chat, the webhook and the event stream, never in quiet hours', async () => {
      const planned = (await all()).filter((m) => m.status === 'planned').sort((a, b) => +a.dueAt - +b.dueAt);
      const first = planned[0]!;
      const owner = users.find((u) => u.id === first.userId)!;
      // One user changes their quiet hours after the night: their message falls in them now and must wait.
      const moved = planned.find((m) => m.userId !== first.userId);
      if (moved) {
        const local = new Date(moved.dueAt.getTime() + 2 * 3_600_000).toISOString().slice(11, 16);
        const [h] = local.split(':').map(Number) as [number];
        const quiet = {
          enabled: true,
          quietStart: `${String(h).padStart(2, '0')}:00`,
          quietEnd: `${String((h + 1) % 24).padStart(2, '0')}:00`,
          dailyCap: 3,
        };
        const user = users.find((u) => u.id === moved.userId)!;
        const {
          id: _id,
          createdAt: _c,
          updatedAt: _u,
          trainingConsent: _t,
          trainingConsentAt: _a,
          ...profile
        } = user;
        const updated = await rt.store.users.update(user.id, { ...profile, proactive: quiet }, clock.now());
        users[users.indexOf(user)] = updated!;
      }

      const app = buildServer({ runtime: rt, version: 'test' });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const token = await issueToken(
        { tokens: rt.store.tokens, clock: rt.clock, ids: rt.ids },
        owner.id,
        'test',
      );
      const stream = await fetch(`http://127.0.0.1:${port}/api/v1/events`, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      });
      const reader = stream.body!.getReader();
      const decoder = new TextDecoder();
      let streamed = '';
      const reading = (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          streamed += decoder.decode(value, { stream: true });
        }
      })();

      const delivery = startProactiveDelivery(rt, { everyMs: 20 });
      const settledAt = new Map<string, Date>();
      try {
        // A minute before: nothing goes out.
        clock.set(new Date(first.dueAt.getTime() - 60_000));
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect((await all()).filter((m) => m.status === 'delivered')).toEqual([]);

        // Walk the day in 5-minute steps; each step waits until nothing due is left.
        const end = new Date(`${DATE}T22:00:00Z`);
        for (let t = first.dueAt.getTime(); t <= end.getTime(); t += 5 * 60_000) {
          clock.set(new Date(t));
          await vi.waitFor(async () => expect(await rt.store.proactive.due(new Date(t), 10)).toEqual([]), {
            timeout: 10_000,
            interval: 20,
          });
        }
        for (const m of await all()) if (m.deliveredAt) settledAt.set(m.id, m.deliveredAt);
      } finally {
        await delivery.stop();
      }

      const rows = await all();
      const delivered = rows.filter((m) => m.status === 'delivered');
      expect(delivered.map((m) => m.id)).toContain(first.id);
      for (const m of delivered) {
        const user = users.find((u) => u.id === m.userId)!;
        expect(inQuietHours(m.deliveredAt!, user.timezone, user.proactive)).toBe(false);
      }
      // At its planned time (the clock steps by 5 minutes from the first one's time).
      expect(rows.find((m) => m.id === first.id)!.deliveredAt).toEqual(first.dueAt);
      if (moved) {
        const after = rows.find((m) => m.id === moved.id)!;
        expect(after.dueAt.getTime()).toBeGreaterThan(moved.dueAt.getTime());
        if (after.deliveredAt)
          expect(after.deliveredAt.getTime()).toBeGreaterThanOrEqual(after.dueAt.getTime());
      }

      // In the chat, as the pet's message.
      const history = await rt.store.chats.recentMessages(owner.id, first.petId, 20);
      const sent = rows.find((m) => m.id === first.id)!;
      expect(history).toContainEqual(
        expect.objectContaining({ id: sent.messageId, role: 'pet', content: first.text }),
      );

      // Over the webhook, signed.
      await vi.waitFor(() => expect(hook.received.map((r) => r.delivery)).toContain(first.id), {
        timeout: 5_000,
      });
      for (const r of hook.received) {
        expect(r.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`);
      }
      const payload = JSON.parse(hook.received.find((r) => r.delivery === first.id)!.body) as Record<
        string,
        unknown
      >;
      expect(payload).toMatchObject({
        id: first.id,
        petId: first.petId,
        text: first.text,
        dueAt: first.dueAt.toISOString(),
      });
      expect(hook.received.map((r) => r.delivery).sort()).toEqual(delivered.map((m) => m.id).sort());

      // On the owner's event stream (and only the owner's messages).
      await vi.waitFor(() => expect(streamed).toContain(first.id), { timeout: 10_000 });
      const events = streamed
        .split('\n\n')
        .filter((b) => b.startsWith('event: proactive'))
        .map((b) => (JSON.parse(b.split('data: ')[1]!) as { message: ProactiveMessage }).message);
      expect(events.every((m) => m.petId === first.petId)).toBe(true);
      await reader.cancel();
      await reading.catch(() => {});
      await app.close();
    }, 240_000);
  });
}

describe('messages the pet starts, against the simulator', () => {
  proactiveSuite('pglite', async () => ({ kind: 'pglite', dataDir: 'memory://' }), false);
  proactiveSuite('pglite', async () => ({ kind: 'pglite', dataDir: 'memory://' }), true);
  describe.skipIf(skipPostgres)('postgres', () => {
    const databases = [postgresTestDatabase(adminUrl), postgresTestDatabase(adminUrl)];
    afterAll(() => Promise.all(databases.map((d) => d.drop())));
    proactiveSuite(
      'postgres',
      async () => ({ kind: 'postgres', url: await databases[0]!.create(), poolSize: 4 }),
      false,
    );
    proactiveSuite(
      'postgres',
      async () => ({ kind: 'postgres', url: await databases[1]!.create(), poolSize: 4 }),
      true,
    );
  });
});
