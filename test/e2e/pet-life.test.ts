import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { wrapLanguageModel } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chatDeps,
  loadConfig,
  nightlyDeps,
  openRuntime,
  proactiveDeliveryDeps,
  type Runtime,
} from '../../src/app/index.ts';
import { addDays, fixedClock, localTime, type ProactiveMessage, zonedInstant } from '../../src/core/index.ts';
import { chatOnce } from '../../src/dialogue/index.ts';
import { runAt, runPairNight } from '../../src/nightly/index.ts';
import { createWebhookNotifier, deliverDueMessages } from '../../src/proactive/index.ts';
import { createPet, createUser } from '../../src/profiles/index.ts';
import { type SimHandle, startSimulator } from '../../src/sim/index.ts';
import { postgresTestDatabase } from '../../src/store/testing.ts';

/**
 * Issue 18's "done when", on both stores against the simulator: seven consecutive days of the product's
 * nightly job with chats between them. Every model call goes to the simulator over HTTP; the calls are only
 * recorded on the way (to read the prompts). One answer is scripted in the simulator - the extraction of the
 * day-2 session, which the simulator matches by two markers the user wrote in two turns of that session
 * (the only request holding both is the extraction's, which quotes the whole conversation) - so that the
 * pet's promise is known. Everything else is the simulator's own filler.
 */

const TZ = 'Asia/Shanghai';
const START = '2026-03-02';
const DAYS = 7;
const MARK_A = 'lilac-kite-7';
const MARK_B = 'amber-moth-3';
const PROMISE = 'Mochi promised Lena to show her the sunflower drawing';
const skipPostgres = process.env.IPET_SKIP_POSTGRES === '1';
const adminUrl = process.env.IPET_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Call {
  name: string;
  system: string;
  text: string;
  at: Date;
}

function textOf(options: LanguageModelV3CallOptions): { system: string; text: string } {
  let system = '';
  const parts: string[] = [];
  for (const m of options.prompt) {
    if (m.role === 'system') system += m.content;
    else for (const p of m.content) if ('text' in p && typeof p.text === 'string') parts.push(p.text);
  }
  return { system, text: parts.join('\n') };
}

/** One delivery pass now, as the loop of `ipet serve` runs it: the chat, then the operator's webhook. */
function createProactiveDelivery(rt: Runtime) {
  const { webhookUrl, webhookSecret } = rt.config.proactive;
  const webhook = createWebhookNotifier({ url: webhookUrl!, secret: webhookSecret, logger: rt.logger });
  return {
    deliverNow: () => deliverDueMessages(proactiveDeliveryDeps(rt, (messages) => webhook.notify(messages))),
    drain: () => webhook.drain(),
  };
}

const at = (date: string, hhmm: string) => {
  const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return zonedInstant({ year, month, day, hour, minute }, TZ);
};

describe.each([
  ['PGlite', false],
  ['PostgreSQL', true],
] as const)('the pet lives seven days on %s', (_name, postgres) => {
  const run = postgres && skipPostgres ? describe.skip : describe;
  run('', () => {
    let sim: SimHandle;
    let rt: Runtime;
    let dir: string;
    let hooks: Server;
    let database: ReturnType<typeof postgresTestDatabase> | null = null;
    const hooked: unknown[] = [];
    const calls: Call[] = [];
    const clock = fixedClock(at(START, '03:00'));
    const delivered: ProactiveMessage[] = [];
    const chatsByDay = new Map<string, string[]>();
    let userId = '';
    let petId = '';

    beforeAll(async () => {
      const extraction = {
        memories: [
          {
            subject: 'pet',
            kind: 'promise',
            text: PROMISE,
            category: 'short_term',
            when: null,
            due: addDays(START, 2),
            action: 'add',
            ref: null,
          },
        ],
      };
      sim = await startSimulator({
        seed: 5,
        scripts: [{ contains: [MARK_A, MARK_B], reply: JSON.stringify(extraction) }],
      });
      hooks = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => {
          body += c;
        });
        req.on('end', () => {
          hooked.push(JSON.parse(body));
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
      dir = mkdtempSync(join(tmpdir(), 'ipet-life-'));
      const env: Record<string, string> = {
        IPET_DATA_DIR: dir,
        IPET_LLM_BASE_URL: sim.url,
        IPET_LLM_MODEL: 'ipet-sim',
        IPET_EMBED_MODEL: 'ipet-sim-embed',
        IPET_LOG_LEVEL: 'error',
        IPET_PROACTIVE_WEBHOOK_URL: `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`,
      };
      if (postgres) {
        database = postgresTestDatabase(adminUrl);
        env.IPET_DATABASE_URL = await database.create();
      }
      const opened = await openRuntime(loadConfig(env), { clock });
      const recorded = wrapLanguageModel({
        model: opened.language(),
        middleware: {
          specificationVersion: 'v3',
          transformParams: async ({ params }) => {
            const name = params.responseFormat?.type === 'json' ? (params.responseFormat.name ?? '') : '';
            calls.push({ name, ...textOf(params), at: clock.now() });
            return params;
          },
        },
      });
      rt = { ...opened, language: () => recorded };
      const deps = { users: rt.store.users, pets: rt.store.pets, clock: rt.clock, ids: rt.ids };
      const user = await createUser(deps, {
        name: 'Lena',
        timezone: TZ,
        interests: ['drawing', 'swimming'],
        proactive: { enabled: true, quietStart: '22:00', quietEnd: '08:00', dailyCap: 2 },
      });
      const pet = await createPet(deps, {
        ownerId: user.id,
        profile: { name: 'Mochi', kind: 'cat', personality: 'curious and warm', likes: ['drawing'] },
      });
      userId = user.id;
      petId = pet.id;

      const delivery = createProactiveDelivery(rt);
      for (let d = 0; d < DAYS; d++) {
        const date = addDays(START, d);
        clock.set(runAt(date, TZ));
        const report = await runPairNight(nightlyDeps(rt), { userId, petId, date }, { lastAttempt: true });
        expect(report.outcome, date).toBe('done');
        // the day, hour by hour: due messages go out at their time
        const planned = (await rt.store.proactive.list({ userId, petId })).filter((m) => m.date === date);
        for (const m of planned.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())) {
          if (m.status !== 'planned') continue;
          clock.set(m.dueAt);
          delivered.push(...(await delivery.deliverNow()));
        }
        // the user chats in the afternoon
        clock.set(at(date, '15:00'));
        const texts =
          d === 1
            ? [
                `I drew a kite today ${MARK_A}`,
                'Do you like sunflowers?',
                `Will you show me your drawing? ${MARK_B}`,
              ]
            : d >= 1
              ? ['What did you do yesterday?']
              : ['Hello Mochi!'];
        for (const text of texts) {
          await chatOnce(chatDeps(rt, { extractOnClose: false }), { userId, petId, text });
          clock.set(new Date(clock.now().getTime() + 60_000));
        }
        chatsByDay.set(date, texts);
      }
      await delivery.drain();
    }, 600_000);

    afterAll(async () => {
      await rt?.close();
      await sim?.close();
      await new Promise<void>((resolve) => (hooks ? hooks.close(() => resolve()) : resolve()));
      await database?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('builds seven consecutive days', async () => {
      const days = await rt.store.worlds.listDays(petId, START, addDays(START, DAYS - 1));
      expect(days.map((d) => d.date)).toEqual(Array.from({ length: DAYS }, (_, i) => addDays(START, i)));
    });

    it("shows yesterday's items in the chat prompt when the user asks about yesterday", async () => {
      const chatCalls = calls.filter((c) => c.name === '' && c.text.includes('What did you do yesterday?'));
      expect(chatCalls.length).toBeGreaterThanOrEqual(DAYS - 2);
      for (const date of [addDays(START, 3), addDays(START, 5)]) {
        const yesterday = await rt.store.worlds.getDay(petId, addDays(date, -1));
        const call = chatCalls.find((c) => c.at >= at(date, '15:00') && c.at < at(date, '16:00'));
        expect(call, date).toBeDefined();
        const prompt = `${call!.system}\n${call!.text}`;
        const shown = yesterday!.schedule.filter((item) => prompt.includes(item.title));
        expect(shown.length, `${date}: yesterday's titles in the chat prompt`).toBeGreaterThan(0);
      }
    });

    it("puts the promise made in chat into the next day's schedule prompt", async () => {
      const memories = await rt.store.memories.list({ userId, petId, now: clock.now(), subject: 'pet' });
      const promise = memories.find((m) => m.text === PROMISE);
      expect(promise).toMatchObject({ subject: 'pet', kind: 'promise', dueOn: addDays(START, 2) });
      const night3 = runAt(addDays(START, 2), TZ);
      const schedule = calls.find((c) => c.name === 'world_schedule' && c.at.getTime() === night3.getTime());
      expect(schedule?.text).toContain(PROMISE);
      // not before it was made
      const night2 = runAt(addDays(START, 1), TZ);
      const earlier = calls.find((c) => c.name === 'world_schedule' && c.at.getTime() === night2.getTime());
      expect(earlier?.text).not.toContain(PROMISE);
    });

    it('stores reflections and gives them to the outline stage', async () => {
      const reflections = await rt.store.reflections.list({ petId, userId });
      expect(reflections.length).toBeGreaterThan(0);
      const last = runAt(addDays(START, DAYS - 1), TZ);
      const outline = calls.find((c) => c.name === 'world_outline' && c.at.getTime() === last.getTime());
      expect(outline).toBeDefined();
      // the night reflects before it builds the day: the reflections made by then reach its outline
      const latest = reflections.filter((r) => r.createdAt <= last);
      expect(latest.some((r) => outline!.text.includes(r.text))).toBe(true);
    });

    it('delivers messages the pet starts at their time, into the chat and the webhook, never in quiet hours', async () => {
      const all = await rt.store.proactive.list({ userId, petId });
      expect(delivered.length).toBeGreaterThan(0);
      for (const m of delivered) {
        expect(m.deliveredAt?.getTime()).toBe(m.dueAt.getTime());
        const local = localTime(m.deliveredAt!, TZ);
        expect(local >= '08:00' && local < '22:00', `${m.id} at ${local}`).toBe(true);
        expect(m.messageId).not.toBeNull();
      }
      // each delivered message is in the chat history and reached the webhook once
      const ids = new Set(
        (hooked as Array<{ messages?: Array<{ id: string }>; id?: string }>).flatMap((h) =>
          h.messages ? h.messages.map((m) => m.id) : h.id ? [h.id] : [],
        ),
      );
      for (const m of delivered) expect(ids.has(m.id), m.id).toBe(true);
      // at most the daily cap a day
      const perDay = new Map<string, number>();
      for (const m of all.filter((x) => x.status === 'delivered'))
        perDay.set(m.date, (perDay.get(m.date) ?? 0) + 1);
      for (const n of perDay.values()) expect(n).toBeLessThanOrEqual(2);
    });

    it('holds a message due inside quiet hours until they end', async () => {
      const date = addDays(START, DAYS);
      const due = at(date, '23:30');
      await rt.store.proactive.plan([
        {
          id: `pm_quiet_${postgres ? 'pg' : 'pl'}`,
          userId,
          petId,
          date,
          position: 9,
          dueAt: due,
          text: 'I found a shell on the beach today!',
          groundedIn: '10:00',
          status: 'planned',
          skipReason: null,
          createdAt: due,
          deliveredAt: null,
          messageId: null,
          readAt: null,
        },
      ]);
      const delivery = createProactiveDelivery(rt);
      clock.set(due);
      expect(await delivery.deliverNow()).toEqual([]);
      clock.set(at(addDays(date, 1), '07:59'));
      expect(await delivery.deliverNow()).toEqual([]);
      clock.set(at(addDays(date, 1), '08:00'));
      const sent = await delivery.deliverNow();
      expect(sent.map((m) => m.id)).toEqual([`pm_quiet_${postgres ? 'pg' : 'pl'}`]);
      expect(localTime(sent[0]!.deliveredAt!, TZ)).toBe('08:00');
      await delivery.drain();
    });
  });
});
