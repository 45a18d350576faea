import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/index.ts';
import { importCard } from '../../src/cards/import-card.ts';
import { readPngChunks } from '../../src/cards/png/chunks.ts';
import { textKeyword } from '../../src/cards/png/text-chunks.ts';
import { fixturePath } from '../../src/cards/testing.ts';
import { createDescribedPet } from '../../src/cli/commands/cards.ts';
import { createOutput } from '../../src/cli/output.ts';
import { type SimHandle, startSimulator } from '../../src/sim/index.ts';
import { runCli } from './run-cli.ts';

/** The cards commands through the real `ipet` binary, on the embedded store, with the simulator as model. */
let sim: SimHandle;
let dir: string;
let env: Record<string, string>;
let userId: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 11 });
  dir = await mkdtemp(join(tmpdir(), 'ipet-cards-'));
  env = {
    IPET_DATA_DIR: dir,
    IPET_LLM_BASE_URL: sim.url,
    IPET_LLM_MODEL: 'ipet-sim',
    IPET_EMBED_MODEL: 'ipet-sim-embed',
    IPET_LLM_MAX_RETRIES: '1',
    IPET_NOW: '2025-03-04T13:05:00Z',
  };
  userId = (await runCli(['user', 'create', '--name', 'Ada', '--json'], env)).json<{ id: string }>().id;
}, 120_000);

afterAll(async () => {
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const petCount = async () =>
  (await runCli(['pet', 'list', '--owner', userId, '--json'], env)).json<{ pets: unknown[] }>().pets.length;

// Each CLI run starts tsx and opens the embedded store (seconds each), hence the generous timeouts.
describe('ipet pet import / export / lore', { timeout: 180_000 }, () => {
  it('imports a PNG card, adds a lorebook, and chat --json lists the lore that reached the prompt', async () => {
    const imported = await runCli(
      ['pet', 'import', fixturePath('v2-chara.png'), '--owner', userId, '--json'],
      env,
    );
    expect(imported.code).toBe(0);
    const pet = imported.json<{ id: string; name: string; loreEntries: number; spec: string }>();
    expect(pet).toMatchObject({ name: 'Captain Wren', loreEntries: 5, spec: 'v2' });

    const lore = await runCli(
      ['pet', 'lore', 'import', fixturePath('lorebook-v3.json'), '--pet', pet.id, '--json'],
      env,
    );
    const { bookId } = lore.json<{ bookId: string; entries: number }>();
    const list = (await runCli(['pet', 'lore', 'list', '--pet', pet.id, '--json'], env)).json<{
      books: Array<{ id: string; entries: Array<{ id: string }> }>;
    }>();
    expect(list.books.map((b) => [b.id, b.entries.length])).toEqual([
      ['card', 5],
      [bookId, 3],
    ]);

    const turn = await runCli(
      [
        'chat',
        '--pet',
        pet.id,
        '--user',
        userId,
        '--message',
        "Is the Gull's Rest near the bakery?",
        '--json',
      ],
      env,
    );
    expect(turn.code).toBe(0);
    const ids = turn.json<{ context: { lore: Array<{ id: string }> } }>().context.lore.map((l) => l.id);
    expect(ids.sort()).toEqual(['card:1', 'card:3', `${bookId}:1`, `${bookId}:3`].sort());
  });

  it('exports PNG (both chunks) and JSON cards that import again', async () => {
    const pet = (
      await runCli(['pet', 'import', fixturePath('v3-rich.json'), '--owner', userId, '--json'], env)
    ).json<{ id: string }>();
    const png = await runCli(
      ['pet', 'export', pet.id, '--format', 'png', '--out', join(dir, 'lumen.png'), '--json'],
      env,
    );
    expect(png.code).toBe(0);
    expect(png.json()).toMatchObject({ path: join(dir, 'lumen.png'), format: 'png', spec: 'v2+v3' });
    const bytes = await readFile(join(dir, 'lumen.png'));
    expect(readPngChunks(bytes).map(textKeyword).filter(Boolean)).toEqual(['chara', 'ccv3']);
    expect(importCard(bytes).profile.name).toBe('Lumen');

    const json = await runCli(
      [
        'pet',
        'export',
        pet.id,
        '--format',
        'json',
        '--spec',
        'v2',
        '--out',
        join(dir, 'lumen.json'),
        '--json',
      ],
      env,
    );
    expect(json.json()).toMatchObject({ spec: 'v2' });
    const card = JSON.parse(await readFile(join(dir, 'lumen.json'), 'utf8'));
    expect(card).toMatchObject({ spec: 'chara_card_v2', data: { nickname: 'Lumen', creator: 'paperlight' } });
  });

  it('rejects a hostile file with one line on stderr, exit 2, and creates nothing', async () => {
    const before = await petCount();
    for (const name of ['hostile/ztxt-bomb.png', 'hostile/script-in-creator-notes.json']) {
      const r = await runCli(['pet', 'import', fixturePath(name), '--owner', userId, '--json'], env);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^ipet: (PNG card|character card) rejected: /);
    }
    const missing = await runCli(['pet', 'import', join(dir, 'nope.png'), '--owner', userId], env);
    expect([missing.code, missing.stderr.trim()]).toEqual([
      2,
      `ipet: cannot read ${join(dir, 'nope.png')} - check the path`,
    ]);
    expect(await petCount()).toBe(before);
  });
});

describe('ipet pet create --describe', { timeout: 180_000 }, () => {
  it('drafts the profile with the model and saves it with --yes --json', async () => {
    const r = await runCli(
      [
        'pet',
        'create',
        '--owner',
        userId,
        '--describe',
        'a shy hamster who loves sunflower seeds',
        '--name',
        'Mochi',
        '--yes',
        '--json',
      ],
      env,
    );
    expect(r.code).toBe(0);
    const { id, pet } = r.json<{
      id: string;
      pet: { profile: Record<string, unknown>; extensions: Record<string, unknown> };
    }>();
    expect(id).toMatch(/^pet_/);
    expect(pet.profile.name).toBe('Mochi');
    expect(pet.profile.kind).toEqual(expect.any(String));
    expect(pet.extensions.persona).toEqual({
      description: 'a shy hamster who loves sunflower seeds',
      prompt: 'persona@v1/en',
    });
  });

  it('refuses --json without --yes, and asking without a terminal, before calling the model', async () => {
    const before = await petCount();
    const json = await runCli(['pet', 'create', '--owner', userId, '--describe', 'a cat', '--json'], env);
    expect([json.code, json.stderr.trim()]).toEqual([
      2,
      'ipet: --describe with --json needs --yes (there is no one to confirm the draft)',
    ]);
    const tty = await runCli(['pet', 'create', '--owner', userId, '--describe', 'a cat'], env);
    expect(tty.code).toBe(2);
    expect(tty.stderr).toContain('pass --yes');
    expect(await petCount()).toBe(before);
  });

  it('shows the draft and saves only when the person answers yes', async () => {
    const run = async (answer: string) => {
      const out = { stdout: '', stderr: '' };
      const questions: string[] = [];
      const ctx = {
        out: createOutput(false, {
          stdout: {
            write: (s: string) => {
              out.stdout += s;
            },
          },
          stderr: {
            write: (s: string) => {
              out.stderr += s;
            },
          },
        }),
        env,
        config: () => loadConfig(env),
      };
      const input = {
        ownerId: userId,
        description: 'a sleepy tortoise',
        fixed: { name: 'Tuck' },
        yes: false,
      };
      await createDescribedPet(ctx, input, async (q) => {
        questions.push(q);
        return /^y/i.test(answer);
      });
      return { ...out, questions };
    };
    const before = await petCount();
    const declined = await run('n');
    expect(declined.questions).toEqual(['Save this pet? [y/N] ']);
    expect(declined.stderr).toMatch(/^Tuck the .+\n[\s\S]*not saved\n$/);
    expect(declined.stdout).toBe('');
    expect(await petCount()).toBe(before);
    const accepted = await run('y');
    expect(accepted.stdout).toMatch(/^created pet pet_\w+\nTuck the /);
    expect(await petCount()).toBe(before + 1);
  });
});
