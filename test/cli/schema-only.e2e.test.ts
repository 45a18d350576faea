import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHandle, startSimulator } from '../../src/sim/index.ts';
import { runCli } from './run-cli.ts';

/**
 * Issue 15's "done when", through the real `ipet` binary: against `ipet sim --schema-only` - a server that
 * honours the JSON schema it is sent and never reads the prompt, as guided decoding with a weak model does -
 * `ipet pet create --describe`, `ipet world generate` (both languages, every method), `ipet memories extract`
 * and `ipet eval world` all succeed, or keep a usable result that says why it is degraded.
 */
let sim: SimHandle;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 15, schemaOnly: true });
  dir = await mkdtemp(join(tmpdir(), 'ipet-schema-only-'));
  env = {
    IPET_DATA_DIR: join(dir, 'home'),
    IPET_LLM_BASE_URL: sim.url,
    IPET_LLM_MODEL: 'ipet-sim',
    IPET_EMBED_MODEL: 'ipet-sim-embed',
    IPET_JUDGE_BASE_URL: sim.url,
    IPET_JUDGE_MODEL: 'ipet-sim',
    IPET_LLM_MAX_RETRIES: '1',
    IPET_NOW: '2025-03-04T13:05:00Z',
    IPET_LOG_LEVEL: 'error',
  };
}, 60_000);

afterAll(async () => {
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface DayJson {
  method: string;
  schedule: Array<{ time: string; title: string; detail: string }>;
  degraded: { reasons: string[] } | null;
}

async function ok(args: string[]) {
  const run = await runCli([...args, '--json'], env, 120_000);
  expect(run.code, `ipet ${args.join(' ')}\n${run.stderr}`).toBe(0);
  return run.json();
}

// Each CLI run starts tsx and opens the embedded store (seconds each), hence the generous timeout.
describe('ipet against the schema-only simulator', { timeout: 600_000 }, () => {
  const pets: Record<'en' | 'zh', { userId: string; petId: string }> = {
    en: { userId: '', petId: '' },
    zh: { userId: '', petId: '' },
  };

  it('pet create --describe drafts a valid profile in both languages', async () => {
    for (const locale of ['en', 'zh'] as const) {
      const { id: userId } = await ok(['user', 'create', '--name', `Ada ${locale}`, '--locale', locale]);
      const description =
        locale === 'zh' ? '一只害羞、爱吃瓜子的仓鼠' : 'a shy hamster who loves sunflower seeds';
      const created = (await ok([
        'pet',
        'create',
        '--owner',
        String(userId),
        '--describe',
        description,
        '--yes',
      ])) as { id: string; pet: { profile: { name: string; kind: string } } };
      expect(created.id).toMatch(/^pet_/);
      // Whatever the words, the profile has a name and a kind: the schema said they may not be blank.
      expect(created.pet.profile.name.trim()).not.toBe('');
      expect(created.pet.profile.kind.trim()).not.toBe('');
      pets[locale] = { userId: String(userId), petId: created.id };
    }
  });

  it('world generate gives a day with every method in both languages, complete or degraded with reasons', async () => {
    for (const locale of ['en', 'zh'] as const) {
      for (const method of ['world-sim', 'direct', 'no-outline', 'basic-info']) {
        const day = (await ok([
          'world',
          'generate',
          '--pet',
          pets[locale].petId,
          '--date',
          '2025-03-05',
          '--method',
          method,
          '--force',
        ])) as unknown as DayJson;
        expect(day.method).toBe(method);
        if (method === 'basic-info') continue;
        expect(day.schedule.length, `${locale} ${method}`).toBeGreaterThan(0);
        const times = day.schedule.map((i) => i.time);
        expect(times).toEqual([...new Set(times)].sort());
        for (const item of day.schedule) {
          expect(item.time >= '07:00' && item.time <= '22:30', item.time).toBe(true);
          expect(item.detail.length).toBeGreaterThan(0);
        }
        if (day.degraded !== null) {
          expect(day.degraded.reasons.length).toBeGreaterThan(0);
          for (const reason of day.degraded.reasons)
            expect(reason).toMatch(/^(outline|schedule|detail|item|direct)\b/);
        }
      }
    }
    // The last generated day reads back the same, its degradation included.
    const shown = (await ok([
      'world',
      'show',
      '--pet',
      pets.zh.petId,
      '--date',
      '2025-03-05',
    ])) as unknown as DayJson;
    expect(shown).toHaveProperty('degraded');
    expect(shown.method).toBe('basic-info');
  });

  it('memories extract extracts the chat, whatever the model made of it', async () => {
    const { userId, petId } = pets.en;
    await ok([
      'chat',
      '--pet',
      petId,
      '--user',
      userId,
      '--message',
      'I am learning the cello, my sister Mia visits.',
    ]);
    const extracted = (await ok(['memories', 'extract', '--user', userId, '--pet', petId])) as {
      sessions: number;
      added: number;
    };
    expect(extracted.sessions).toBe(1);
    const { memories } = (await ok(['memories', 'list', '--user', userId, '--pet', petId])) as {
      memories: Array<{ text: string; category: string; subject: string; kind: string | null }>;
    };
    expect(memories.length).toBeGreaterThanOrEqual(extracted.added);
    for (const memory of memories) expect(memory.text.trim().length).toBeGreaterThan(0);
    // What the pet said about itself, if the model found any, is listed apart and kinded as the pet's.
    const own = (await ok(['memories', 'list', '--user', userId, '--pet', petId, '--subject', 'pet'])) as {
      memories: Array<{ subject: string; kind: string | null }>;
    };
    expect(own.memories.length).toBe(memories.filter((m) => m.subject === 'pet').length);
    for (const memory of own.memories) {
      expect(memory.subject).toBe('pet');
      expect(['promise', 'plan', 'opinion', 'shared']).toContain(memory.kind);
    }
  });

  it('eval world rates every day it could build, and names the cause of any it could not', async () => {
    const out = join(dir, 'eval-world');
    const summary = (await ok(['eval', 'world', '--samples', '1', '--seed', '4', '--out', out])) as {
      jobs: number;
      failed: number;
    };
    expect(summary.jobs).toBe(8);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as {
      records: Array<{
        status: string;
        error: string | null;
        method: string;
        day: { schedule: unknown[]; degraded?: string[] } | null;
        scores: Record<string, { rating: number }>;
      }>;
    };
    expect(results.records).toHaveLength(8);
    for (const record of results.records) {
      if (record.status !== 'ok') {
        expect(record.error, record.method).toBeTruthy();
        continue;
      }
      for (const score of Object.values(record.scores)) expect(Number.isInteger(score.rating)).toBe(true);
      if (record.day?.degraded) expect(record.day.degraded.length).toBeGreaterThan(0);
    }
    expect(summary.failed).toBe(results.records.filter((r) => r.status !== 'ok').length);
    expect(summary.failed).toBe(0);
  });
});
