import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROACTIVE } from '../core/index.ts';
import { T0 } from './contract/harness.ts';
import { internalsOf } from './internals.ts';
import { openStore } from './open-store.ts';
import { defineStoreContract } from './store-contract.ts';

defineStoreContract('pglite', () => openStore({ kind: 'pglite', dataDir: 'memory://' }));

describe('pglite engine', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('keeps data in a directory across reopenings, migrating once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ipet-store-'));
    dirs.push(dir);
    const first = await openStore({ kind: 'pglite', dataDir: join(dir, 'db') });
    expect(first.location).toBe(join(dir, 'db'));
    await first.users.create({
      id: 'usr_kept',
      name: 'Kept',
      callName: '',
      timezone: 'UTC',
      locale: 'en',
      ageBand: 'unknown',
      interests: [],
      proactive: DEFAULT_PROACTIVE,
      createdAt: T0,
      updatedAt: T0,
    });
    await expect(openStore({ kind: 'pglite', dataDir: join(dir, 'db') })).rejects.toMatchObject({
      code: 'config',
      message: expect.stringMatching(/is busy: process \d+ is using it/),
    });
    await first.close();

    const second = await openStore({ kind: 'pglite', dataDir: join(dir, 'db') });
    expect((await second.users.get('usr_kept'))?.name).toBe('Kept');
    const applied = await internalsOf(second).engine.query<{ n: number }>(
      'select count(*)::int as n from drizzle.__drizzle_migrations',
    );
    const journal = new URL('../../drizzle/meta/_journal.json', import.meta.url);
    const { entries } = JSON.parse(await readFile(journal, 'utf8')) as { entries: unknown[] };
    expect(applied[0]?.n).toBe(entries.length); // every migration, each applied once
    expect(entries.length).toBeGreaterThanOrEqual(3);
    await second.ping();
    await second.close();
    await second.close();
  });

  it('ships pgvector with iterative index scans', async () => {
    const store = await openStore({ kind: 'pglite', dataDir: 'memory://' });
    try {
      expect(store.kind).toBe('pglite');
      expect(internalsOf(store).vectorVersion).toMatch(/^0\.(8|9|\d\d)\.|^[1-9]/);
    } finally {
      await store.close();
    }
  });
});
