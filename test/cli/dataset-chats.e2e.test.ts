import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports/store.ts';
import {
  type DatasetItem,
  datasetItemSchema,
  openAiLineSchema,
  shareGptFileSchema,
} from '../../src/dataset/index.ts';
import { type SimHandle, startSimulator } from '../../src/sim/index.ts';
import { aPet, aUser } from '../../src/test/index.ts';
import { skipPostgres, useE2eStore } from './e2e-store.ts';
import { runCli } from './run-cli.ts';

/**
 * Issue 21 through the real `ipet` binary: real conversations become training data only with consent, on
 * the embedded store and on PostgreSQL (`user update --training-consent`, `dataset from-chats`,
 * `dataset export`, `user erase`).
 */
const PLANTED_EMAIL = 'ann.private@example.com';
const PLANTED_PHONE = '+44 20 7946 0018';
const PLANTED_ZH_PHONE = '13812345678';

const stores = [
  { kind: 'pglite' as const, skip: false },
  { kind: 'postgres' as const, skip: skipPostgres },
];

describe.each(stores)('dataset from-chats on $kind', { timeout: 240_000 }, ({ kind, skip }) => {
  // No model is asked anything here; the variables only keep the runtime from looking for a local one.
  const e2e = useE2eStore(kind, {
    skip,
    prefix: 'ipet-dataset-e2e-',
    modelEnv: () => ({
      IPET_LLM_BASE_URL: 'http://127.0.0.1:9/v1',
      IPET_LLM_MODEL: 'none',
      IPET_EMBED_MODEL: 'none',
    }),
  });
  const { withStore } = e2e;

  /** A user with a pet and one chat session: the pet greets, then `lines` alternate user / pet. */
  async function seed(store: Store, id: string, name: string, lines: string[]) {
    const t0 = new Date('2026-03-01T10:00:00Z');
    await store.users.create({ ...aUser({ id, name, callName: `${name}ie` }), createdAt: t0, updatedAt: t0 });
    const petId = `pet_${id}`;
    await store.pets.create(aPet({ id: petId, ownerId: id, createdAt: t0, updatedAt: t0 }));
    const sessionId = `ses_${id}`;
    await store.chats.createSession({
      id: sessionId,
      userId: id,
      petId,
      startedAt: t0,
      lastMessageAt: t0,
      closedAt: null,
      extractedAt: null,
    });
    const texts = ['Hello! I missed you.', ...lines];
    for (const [i, content] of texts.entries()) {
      const role = i % 2 === 0 ? 'pet' : 'user';
      await store.chats.appendMessage({
        id: `msg_${id}_${i}`,
        sessionId,
        userId: id,
        petId,
        role,
        content,
        emotion: role === 'pet' ? (i === 2 ? 'joy' : 'affectionate') : null,
        status: 'ok',
        idempotencyKey: null,
        replyToId: null,
        error: null,
        createdAt: new Date(t0.getTime() + i * 1000),
      });
    }
  }

  const readDataset = async (dir: string) =>
    (await readFile(join(dir, 'items.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => datasetItemSchema.parse(JSON.parse(l)));

  it.skipIf(skip)(
    'takes only consenting users, scrubs planted personal data, and drops users who withdraw or are erased',
    async () => {
      await withStore(async (store) => {
        await seed(store, 'usr_ann', 'Annabel', [
          `My email is ${PLANTED_EMAIL} and my phone is ${PLANTED_PHONE}, Annabel here`,
          'Oh, thank you for telling me!',
          `新号码是${PLANTED_ZH_PHONE}，住在北京市朝阳区建国路88号`,
          '好的，我记住啦。',
        ]);
        await seed(store, 'usr_bob', 'Bobby', ['bob-secret-line: never in a dataset', 'Sure thing.']);
        await seed(store, 'usr_cy', 'Cyrus', ['cy-line: erased later', 'Okay!']);
        await seed(store, 'usr_dee', 'Deirdre', ['dee-line: withdraws later', 'Alright!']);
        // Cy and Dee opted in through the store; Ann through the CLI below; Bob never did.
        await store.users.setTrainingConsent('usr_cy', true, new Date('2026-03-02T00:00:00Z'));
        await store.users.setTrainingConsent('usr_dee', true, new Date('2026-03-02T00:00:00Z'));
      });

      const consent = await runCli(
        ['user', 'update', '--user', 'usr_ann', '--training-consent', 'yes', '--json'],
        e2e.env,
      );
      expect(consent.code, consent.stderr).toBe(0);
      expect(consent.json<{ id: string; user: { trainingConsent: boolean } }>()).toMatchObject({
        id: 'usr_ann',
        user: { trainingConsent: true },
      });
      const bad = await runCli(
        ['user', 'update', '--user', 'usr_ann', '--training-consent', 'maybe'],
        e2e.env,
      );
      expect(bad.code).not.toBe(0);

      const out = join(e2e.dataDir, 'set');
      const first = await runCli(['dataset', 'from-chats', '--out', out, '--json'], e2e.env);
      expect(first.code, first.stderr).toBe(0);
      expect(first.json()).toMatchObject({ consentingUsers: 3, skippedUsers: 1, items: 3, removed: 0 });
      expect(first.json<{ scrubbed: Record<string, number> }>().scrubbed).toMatchObject({
        email: 1,
        phone: 2,
        address: 1,
      });

      const raw = await readFile(join(out, 'items.jsonl'), 'utf8');
      for (const secret of [
        PLANTED_EMAIL,
        PLANTED_PHONE,
        PLANTED_ZH_PHONE,
        'Annabel',
        '建国路',
        'bob-secret-line',
      ]) {
        expect(raw).not.toContain(secret);
      }
      const items = await readDataset(out);
      expect(new Set(items.map((i) => i.meta.userId))).toEqual(new Set(['usr_ann', 'usr_cy', 'usr_dee']));
      const ann = items.find((i) => i.meta.userId === 'usr_ann')!;
      expect(ann).toMatchObject({ source: 'chats', kind: 'dialogue', petId: 'pet_usr_ann' });
      // The greeting before the user's first message is left out; pet turns keep the stored emotion.
      expect(ann.messages.map((m) => [m.role, m.emotion])).toEqual([
        ['user', undefined],
        ['assistant', 'joy'],
        ['user', undefined],
        ['assistant', 'affectionate'],
      ]);
      expect(ann.messages[0]!.content).toBe('My email is [EMAIL] and my phone is [PHONE], [NAME] here');
      expect(ann.messages[2]!.content).toBe('新号码是[PHONE]，住在[ADDRESS]');

      // Dee withdraws: export (no from-chats run in between) already leaves her out.
      const withdraw = await runCli(
        ['user', 'update', '--user', 'usr_dee', '--training-consent', 'no', '--json'],
        e2e.env,
      );
      expect(withdraw.code, withdraw.stderr).toBe(0);
      const exported = await runCli(
        [
          'dataset',
          'export',
          '--in',
          out,
          '--format',
          'openai',
          '--out',
          join(e2e.dataDir, 'ft', 'chats.jsonl'),
          '--split',
          'none',
          '--include-pending',
          '--json',
        ],
        e2e.env,
      );
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.json()).toMatchObject({ counts: { all: 2 }, leftOut: { consentWithdrawn: 1 } });
      const lines = (await readFile(join(e2e.dataDir, 'ft', 'chats.jsonl'), 'utf8'))
        .split('\n')
        .filter(Boolean);
      const parsed = lines.map((l) => openAiLineSchema.parse(JSON.parse(l)));
      expect(JSON.stringify(parsed)).not.toContain('dee-line');
      expect(
        parsed.flatMap((l) => l.messages.filter((m) => m.role === 'assistant').map((m) => m.content)),
      ).toContain('[joy] Oh, thank you for telling me!');

      // Cy is erased; the next run removes both their items.
      expect((await runCli(['user', 'erase', '--user', 'usr_cy', '--json'], e2e.env)).code).toBe(0);
      const second = await runCli(['dataset', 'from-chats', '--out', out, '--json'], e2e.env);
      expect(second.code, second.stderr).toBe(0);
      expect(second.json()).toMatchObject({ consentingUsers: 1, items: 1, removed: 2 });
      expect((await readDataset(out)).map((i) => i.meta.userId)).toEqual(['usr_ann']);
    },
  );
});

/** An export's test set scored per RoleCraft kind, and two endpoints (two simulators) side by side. */
describe('eval reference on an exported test set', { timeout: 300_000 }, () => {
  let dir: string;
  let base: SimHandle;
  let tuned: SimHandle;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ipet-dataset-eval-'));
    [base, tuned] = await Promise.all([
      startSimulator({ port: 0, seed: 3 }),
      startSimulator({ port: 0, seed: 4 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([base?.close(), tuned?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('exports by pet, scores RAW/CUS/SPE on the test file, and compares two endpoints with ROUGE-L, APC and the judge', async () => {
    const kinds = ['raw', 'cus', 'spe', 'dialogue'] as const;
    const items: DatasetItem[] = Array.from({ length: 6 }, (_, p) =>
      kinds.map((kind, k) => ({
        id: `gen/${p}/${k}`,
        source: 'generated' as const,
        kind,
        petId: `pet_${p}`,
        petName: `Biscuit${p}`,
        locale: p % 2 === 0 ? ('en' as const) : ('zh' as const),
        system: `Biscuit${p} is a small orange cat who loves sardines and naps in the sun.`,
        messages: [
          { role: 'user' as const, content: `What do you like to eat, Biscuit${p}?` },
          { role: 'assistant' as const, content: 'Sardines! Always sardines, then a nap.', emotion: 'joy' },
        ],
        meta: {},
        review: { status: 'accepted' as const, reasons: [], by: 'person' as const },
      })),
    ).flat();
    await mkdir(join(dir, 'set'), { recursive: true });
    await writeFile(join(dir, 'set', 'items.jsonl'), items.map((i) => `${JSON.stringify(i)}\n`).join(''));
    const env = {
      IPET_DATA_DIR: join(dir, 'data'),
      IPET_LLM_BASE_URL: base.url,
      IPET_LLM_MODEL: 'ipet-sim',
      IPET_EMBED_MODEL: 'ipet-sim-embed',
      IPET_LLM_MAX_RETRIES: '1',
    };

    const exported = await runCli(
      [
        'dataset',
        'export',
        '--in',
        join(dir, 'set'),
        '--format',
        'sharegpt',
        '--out',
        join(dir, 'ft', 'pets.json'),
        '--json',
      ],
      env,
    );
    expect(exported.code, exported.stderr).toBe(0);
    const test = shareGptFileSchema.parse(
      JSON.parse(await readFile(join(dir, 'ft', 'pets.test.json'), 'utf8')),
    );
    expect(test.length).toBeGreaterThan(0);
    expect(exported.json<{ counts: Record<string, number> }>().counts.test).toBe(test.length);

    const compared = await runCli(
      [
        'eval',
        'reference',
        '--test',
        join(dir, 'ft', 'pets.test.json'),
        '--out',
        join(dir, 'cmp'),
        '--compare-base-url',
        tuned.url,
        '--compare-model',
        'ipet-sim',
        '--judge-base-url',
        base.url,
        '--judge-model',
        'ipet-sim',
        '--json',
      ],
      env,
      240_000,
    );
    expect(compared.code, compared.stderr).toBe(0);
    const r = compared.json<{
      simulator: boolean;
      a: { label: string; rougeL: { n: number }; byKind: { kind: string; n: number }[]; apc: { n: number } };
      b: { label: string; rougeL: { n: number }; byKind: { kind: string; n: number }[]; apc: { n: number } };
      preference: { a: number; b: number; tie: number; failed: number };
    }>();
    expect(r.simulator).toBe(true);
    expect([r.a.label, r.b.label]).toEqual(['base', 'fine-tuned']);
    for (const side of [r.a, r.b]) {
      expect(side.rougeL.n).toBe(test.length);
      expect(side.byKind.map((k) => k.kind)).toEqual(['raw', 'cus', 'spe', 'dialogue', 'avg']);
    }
    const p = r.preference;
    expect(p.a + p.b + p.tie + p.failed).toBe(test.length);
    const md = await readFile(join(dir, 'cmp', 'comparison.md'), 'utf8');
    expect(md).toMatch(/\| base \|/);
    expect(md).toMatch(/\| fine-tuned \|/);
    expect(md).toMatch(/\| Endpoint \| ROUGE-L F \| RAW \| CUS \| SPE \| DIALOGUE \| AVG \| APC/);
    // The simulated judge answers the schema: APC and preferences are judged, not all failed.
    expect(r.a.apc.n + r.b.apc.n).toBeGreaterThan(0);
    expect(p.failed).toBeLessThan(test.length);
  });
});
