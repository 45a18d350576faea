import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../src/dialogue/index.ts';
import { type SimHandle, startSimulator } from '../../src/sim/index.ts';
import { skipPostgres, useE2eStore } from './e2e-store.ts';
import { runCli } from './run-cli.ts';

/**
 * The product end to end, as a user's script drives it: the real `ipet` binary in child processes, the
 * project's simulator over HTTP as the model, on the embedded store and on PostgreSQL.
 */
/**
 * The suite for one store; `cli.pglite.e2e.test.ts` and `cli.postgres.e2e.test.ts` each run it, so the two
 * halves run in parallel test workers.
 */
export function cliSuite(kind: 'pglite' | 'postgres'): void {
  const skip = kind === 'postgres' && skipPostgres;
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 7 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  describe(`ipet CLI on ${kind}`, { timeout: 180_000 }, () => {
    const e2e = useE2eStore(kind, {
      skip,
      prefix: 'ipet-e2e-',
      modelEnv: () => ({
        IPET_LLM_BASE_URL: sim.url,
        IPET_LLM_MODEL: 'ipet-sim',
        IPET_EMBED_MODEL: 'ipet-sim-embed',
        IPET_LLM_MAX_RETRIES: '1',
      }),
    });
    const { withStore } = e2e;
    const at = (iso: string) => ({ ...e2e.env, IPET_NOW: iso });
    let userId: string;
    let petId: string;

    it.skipIf(skip)(
      'doctor reports a working store, language model and embedding model (the simulator)',
      async () => {
        const r = await runCli(['doctor', '--json'], e2e.env);
        const report = r.json<{
          ok: boolean;
          store: { ok: boolean; kind: string };
          language: { answerOk: boolean; simulator: boolean };
          embedding: { answerOk: boolean; dimensions: number };
        }>();
        expect(r.code).toBe(0);
        expect(report.ok).toBe(true);
        expect(report.store).toMatchObject({ ok: true, kind });
        expect(report.language).toMatchObject({ answerOk: true, simulator: true });
        expect(report.embedding.answerOk).toBe(true);
        expect(report.embedding.dimensions).toBeGreaterThan(0);
      },
    );

    it.skipIf(skip)(
      'creates a user and a pet; bad input is rejected with one line and changes nothing',
      async () => {
        const bad = await runCli(
          ['user', 'create', '--name', 'Ann', '--timezone', 'Mars/Olympus', '--json'],
          e2e.env,
        );
        expect(bad.code).not.toBe(0);
        expect(bad.stdout).toBe('');
        expect(bad.stderr.trim().split('\n')).toHaveLength(1);
        expect(bad.stderr).toMatch(/time zone/);
        expect(
          (await runCli(['user', 'list', '--json'], e2e.env)).json<{ users: unknown[] }>().users,
        ).toHaveLength(0);

        const user = await runCli(
          [
            'user',
            'create',
            '--name',
            'Ann',
            '--timezone',
            'Europe/Paris',
            '--interests',
            'kites, tea',
            '--json',
          ],
          e2e.env,
        );
        expect(user.code).toBe(0);
        userId = user.json<{ id: string }>().id;
        expect(userId).toMatch(/^usr_/);

        const pet = await runCli(
          [
            'pet',
            'create',
            '--owner',
            userId,
            '--name',
            'Mochi',
            '--kind',
            'hamster',
            '--personality',
            'shy but curious',
            '--likes',
            'sunflower seeds',
            '--json',
          ],
          e2e.env,
        );
        expect(pet.code).toBe(0);
        petId = pet.json<{ id: string }>().id;
        const missingOwner = await runCli(
          ['pet', 'create', '--owner', 'usr_nobody', '--name', 'X', '--kind', 'cat'],
          e2e.env,
        );
        expect(missingOwner.code).not.toBe(0);
        expect(missingOwner.stderr).toMatch(/not found/);
      },
    );

    it.skipIf(skip)('generates a stored day with every method, and shows it', async () => {
      const day = await runCli(
        ['world', 'generate', '--pet', petId, '--date', '2026-05-02', '--json'],
        at('2026-05-02T08:00:00Z'),
      );
      expect(day.code, day.stderr).toBe(0);
      const d = day.json<{
        date: string;
        mode: string;
        method: string;
        outline: string;
        schedule: Array<{ time: string; title: string; detail: string }>;
        usage: { calls: number; inputTokens: number };
      }>();
      expect(d).toMatchObject({ date: '2026-05-02', mode: 'normal', method: 'world-sim', degraded: null });
      expect(d.outline.length).toBeGreaterThan(0);
      expect(d.schedule.length).toBeGreaterThanOrEqual(6);
      const times = d.schedule.map((i) => i.time);
      expect([...times].sort()).toEqual(times);
      for (const item of d.schedule) {
        expect(item.time).toMatch(/^\d{2}:\d{2}$/);
        expect(item.title.split(/\s+/).length).toBeGreaterThanOrEqual(2);
        expect(item.title.split(/\s+/).length).toBeLessThanOrEqual(5);
        expect(item.detail.split(/\s+/).length).toBeGreaterThanOrEqual(20);
      }
      expect(d.usage.calls).toBe(2 + d.schedule.length);
      expect(d.usage.inputTokens).toBeGreaterThan(0);

      const shown = await runCli(
        ['world', 'show', '--pet', petId, '--date', '2026-05-02', '--json'],
        e2e.env,
      );
      expect(shown.json()).toEqual(d);
      const again = await runCli(
        ['world', 'generate', '--pet', petId, '--date', '2026-05-02', '--json'],
        e2e.env,
      );
      expect(again.json<{ usage: unknown }>().usage).toEqual(d.usage);

      for (const [method, date] of [
        ['direct', '2026-05-03'],
        ['no-outline', '2026-05-04'],
        ['basic-info', '2026-05-05'],
      ] as const) {
        const r = await runCli(
          ['world', 'generate', '--pet', petId, '--date', date, '--method', method, '--json'],
          e2e.env,
        );
        expect(r.code, r.stderr).toBe(0);
        const m = r.json<{ method: string; schedule: unknown[]; usage: { calls: number } }>();
        expect(m.method).toBe(method);
        if (method === 'basic-info') expect(m.usage.calls).toBe(0);
        else expect(m.schedule.length).toBeGreaterThan(0);
      }
      const missing = await runCli(
        ['world', 'show', '--pet', petId, '--date', '2026-06-01', '--json'],
        e2e.env,
      );
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toMatch(/world generate/);
    });

    it.skipIf(skip)('chats in character with the current schedule item in the prompt', async () => {
      const day = (
        await runCli(['world', 'show', '--pet', petId, '--date', '2026-05-02', '--json'], e2e.env)
      ).json<{
        schedule: Array<{ time: string; title: string }>;
      }>();
      const second = day.schedule[1]!;
      // Paris is UTC+2 in May: ten minutes after the second item starts.
      const [h, m] = second.time.split(':').map(Number) as [number, number];
      const utc = new Date(Date.UTC(2026, 4, 2, h - 2, m + 10)).toISOString();
      const r = await runCli(
        ['chat', '--pet', petId, '--user', userId, '--message', 'What are you doing now?', '--json'],
        at(utc),
      );
      expect(r.code, r.stderr).toBe(0);
      const turn = r.json<{
        reply: string;
        emotion: string;
        sessionId: string;
        greeting: string | null;
        context: {
          schedule: Array<{ title: string; current: boolean }>;
          memories: unknown[];
          lore: unknown[];
        };
      }>();
      expect(turn.reply.length).toBeGreaterThan(0);
      expect(EMOTIONS).toContain(turn.emotion);
      expect(turn.sessionId).toMatch(/^ses_/);
      expect(turn.greeting).toMatch(/Mochi/);
      expect(turn.context.schedule.find((i) => i.current)?.title).toBe(second.title);
      expect(Array.isArray(turn.context.memories)).toBe(true);
      expect(Array.isArray(turn.context.lore)).toBe(true);
    });

    it.skipIf(skip)(
      'a failed model call loses nothing, and a retry with the same key does not duplicate',
      async () => {
        const when = at('2026-05-02T12:00:00Z');
        // The same message with the same idempotency key each time: failed, then sent, then replayed.
        const kiteChat = [
          'chat',
          '--pet',
          petId,
          '--user',
          userId,
          '--message',
          'I flew my red kite today',
          '--idempotency-key',
          'k-1',
          '--json',
        ];
        sim.configure({ failRate: 1, faults: ['error500'] });
        const failed = await runCli(kiteChat, when);
        sim.configure({ failRate: 0 });
        expect(failed.code).not.toBe(0);
        expect(failed.stdout).toBe('');
        expect(failed.stderr).toMatch(/model/i);

        const ok = await runCli(kiteChat, when);
        expect(ok.code, ok.stderr).toBe(0);
        const replayed = await runCli(kiteChat, when);
        expect(replayed.json<{ replayed: boolean; reply: string }>()).toMatchObject({
          replayed: true,
          reply: ok.json<{ reply: string }>().reply,
        });

        const messages = await withStore((s) => s.chats.recentMessages(userId, petId, 100));
        const kite = messages.filter(
          (msg) => msg.role === 'user' && msg.content === 'I flew my red kite today',
        );
        expect(kite).toHaveLength(1);
        const replies = messages.filter((msg) => msg.replyToId === kite[0]!.id);
        expect(replies).toHaveLength(1);
        expect(replies[0]!.status).toBe('ok');
      },
    );

    it.skipIf(skip)('extracts memories into tiers, searches, exports, sweeps and deletes them', async () => {
      const extract = await runCli(
        ['memories', 'extract', '--user', userId, '--pet', petId, '--json'],
        at('2026-05-02T13:00:00Z'),
      );
      expect(extract.code, extract.stderr).toBe(0);
      expect(extract.json<{ sessions: number }>().sessions).toBeGreaterThanOrEqual(1);
      const twice = await runCli(
        ['memories', 'extract', '--user', userId, '--pet', petId, '--json'],
        at('2026-05-02T13:01:00Z'),
      );
      expect(twice.json<{ sessions: number; added: number }>()).toMatchObject({ sessions: 0, added: 0 });

      const jsonl = join(e2e.dataDir, 'import.jsonl');
      await writeFile(
        jsonl,
        [
          {
            text: 'Ann is learning to play the cello',
            category: 'long_term',
            createdAt: '2026-05-01T10:00:00Z',
            externalId: 'ext-cello',
          },
          {
            text: 'Ann has a dentist appointment on Friday',
            category: 'short_term',
            createdAt: '2026-05-01T10:00:00Z',
            externalId: 'ext-dentist',
          },
          {
            text: 'Ann is allergic to cats',
            category: 'permanent',
            createdAt: '2026-05-01T10:00:00Z',
            externalId: 'ext-allergy',
          },
        ]
          .map((l) => JSON.stringify(l))
          .join('\n'),
      );
      const imported = await runCli(
        ['memories', 'import', '--user', userId, '--pet', petId, '--file', jsonl, '--json'],
        at('2026-05-02T13:00:00Z'),
      );
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.json<{ imported: number }>().imported).toBe(3);

      const search = await runCli(
        [
          'memories',
          'search',
          '--user',
          userId,
          '--pet',
          petId,
          '--query',
          'cello lessons',
          '--k',
          '3',
          '--json',
        ],
        at('2026-05-02T13:00:00Z'),
      );
      const hits = search.json<{
        results: Array<{ externalId: string | null; score: number; text: string }>;
      }>().results;
      expect(hits[0]?.externalId).toBe('ext-cello');

      const chat = await runCli(
        ['chat', '--pet', petId, '--user', userId, '--message', 'How is my cello practice going?', '--json'],
        at('2026-05-02T13:05:00Z'),
      );
      const memories = chat.json<{ context: { memories: Array<{ text: string }> } }>().context.memories;
      expect(memories.map((x) => x.text)).toContain('Ann is learning to play the cello');

      const list = (iso: string) =>
        runCli(['memories', 'list', '--user', userId, '--pet', petId, '--json'], at(iso)).then(
          (r) =>
            r.json<{
              memories: Array<{ id: string; text: string; category: string; expiresAt: string | null }>;
            }>().memories,
        );
      const before = await list('2026-05-02T13:00:00Z');
      const dentist = before.find((x) => x.text.includes('dentist'))!;
      expect(dentist.category).toBe('short_term');
      expect(dentist.expiresAt).toBe('2026-05-31T10:00:00.000Z');
      expect(before.find((x) => x.text.includes('allergic'))!.expiresAt).toBeNull();

      const swept = await runCli(['memories', 'sweep', '--json'], at('2026-06-15T00:00:00Z'));
      expect(swept.json<{ removed: number }>().removed).toBeGreaterThanOrEqual(1);
      const after = await list('2026-06-15T00:00:00Z');
      expect(after.some((x) => x.text.includes('dentist'))).toBe(false);
      expect(after.some((x) => x.text.includes('cello'))).toBe(true);

      const exported = await runCli(['memories', 'export', '--user', userId], e2e.env);
      const records = exported.json<{
        memories: Array<{ text: string; category: string; createdAt: string }>;
      }>().memories;
      expect(records.some((x) => x.text.includes('allergic') && x.category === 'permanent')).toBe(true);

      const cello = after.find((x) => x.text.includes('cello'))!;
      const del = await runCli(['memories', 'delete', '--user', userId, '--id', cello.id, '--json'], e2e.env);
      expect(del.json()).toEqual({ deleted: 1 });
      const otherUser = await runCli(['user', 'create', '--name', 'Bob', '--json'], e2e.env);
      const bob = otherUser.json<{ id: string }>().id;
      const allergy = after.find((x) => x.text.includes('allergic'))!;
      const foreign = await runCli(
        ['memories', 'delete', '--user', bob, '--id', allergy.id, '--json'],
        e2e.env,
      );
      expect(foreign.code).not.toBe(0);
      const all = await runCli(['memories', 'delete', '--user', userId, '--all', '--json'], e2e.env);
      expect(all.json<{ deleted: number }>().deleted).toBeGreaterThanOrEqual(1);
      expect(await list('2026-06-15T00:00:00Z')).toEqual([]);
    });

    it.skipIf(skip)('generates a memory-mode day once the user has memories', async () => {
      const jsonl = join(e2e.dataDir, 'more.jsonl');
      await writeFile(
        jsonl,
        `${JSON.stringify({ text: 'Ann loves flying kites on the beach', category: 'permanent' })}\n`,
      );
      await runCli(
        ['memories', 'import', '--user', userId, '--pet', petId, '--file', jsonl],
        at('2026-06-15T00:00:00Z'),
      );
      const day = await runCli(
        ['world', 'generate', '--pet', petId, '--date', '2026-06-16', '--json'],
        at('2026-06-15T22:00:00Z'),
      );
      expect(day.code, day.stderr).toBe(0);
      expect(day.json<{ mode: string }>().mode).toBe('memory');
      const usage = await withStore((s) => s.usage.summary({ petId }));
      const world = usage.find((u) => u.purpose === 'world');
      expect(world?.calls).toBeGreaterThan(0);
      expect(usage.find((u) => u.purpose === 'chat')?.calls).toBeGreaterThan(0);
    });
  });
}
