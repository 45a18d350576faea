import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../core/index.ts';
import { internalsOf } from './internals.ts';
import { openStore } from './open-store.ts';
import { postgresTestDatabase } from './postgres-test-database.ts';
import { defineStoreContract } from './store-contract.ts';

const adminUrl = process.env.IPET_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const skip = process.env.IPET_SKIP_POSTGRES === '1';

describe.skipIf(skip)('postgres', () => {
  const database = postgresTestDatabase(adminUrl);
  let url: Promise<string> | undefined;
  // Created on first use, from inside a hook, so an unreachable server fails the suite with the hint above.
  const databaseUrl = () => {
    url ??= database.create();
    return url;
  };
  afterAll(() => database.drop());

  defineStoreContract('postgres', async () =>
    openStore({ kind: 'postgres', url: await databaseUrl(), poolSize: 8 }),
  );

  describe('postgres engine', () => {
    const fresh = postgresTestDatabase(adminUrl);
    const stores: Store[] = [];
    beforeAll(async () => {
      const target = await fresh.create();
      // Processes starting together: the advisory lock lets exactly one apply each migration.
      stores.push(...(await Promise.all([1, 2, 3].map(() => openStore({ kind: 'postgres', url: target })))));
    });
    afterAll(async () => {
      await Promise.all(stores.map((s) => s.close()));
      await fresh.drop();
    });

    it('migrates once when several stores open at the same time', async () => {
      const applied = await internalsOf(stores[0]!).engine.query<{ n: number }>(
        'select count(*)::int as n from drizzle.__drizzle_migrations',
      );
      const journal = new URL('../../drizzle/meta/_journal.json', import.meta.url);
      const { entries } = JSON.parse(await readFile(journal, 'utf8')) as { entries: unknown[] };
      expect(applied[0]?.n).toBe(entries.length);
      for (const store of stores) await store.ping();
    });

    it('reports its location without the password', async () => {
      const target = new URL(await databaseUrl());
      target.password = 'pw-secret';
      const store = await openStore({ kind: 'postgres', url: target.toString() });
      try {
        expect(store.kind).toBe('postgres');
        expect(store.location).not.toContain('pw-secret');
        expect(store.location).toContain(database.name);
      } finally {
        await store.close();
      }
    });

    it('has pgvector with iterative index scans', () => {
      expect(internalsOf(stores[0]!).vectorVersion).toMatch(/^0\.(8|9|\d\d)\.|^[1-9]/);
    });

    it('explains an unreachable server', async () => {
      await expect(
        openStore({ kind: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' }),
      ).rejects.toMatchObject({
        code: 'config',
        hint: expect.stringMatching(/start it/),
      });
    });
  });
});
