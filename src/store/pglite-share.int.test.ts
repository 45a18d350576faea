import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aUser } from '../test/index.ts';
import { internalsOf } from './internals.ts';
import { openStore } from './open-store.ts';
import { shareSocketDir } from './pglite-share.ts';

const user = (id: string) => aUser({ id, name: id });

describe('sharing the embedded store', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('lets another opener use a directory that a sharing process holds, and both see the same data', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ipet-share-'));
    dirs.push(dir);
    const dataDir = join(dir, 'db');
    const owner = await openStore({ kind: 'pglite', dataDir, share: true });
    try {
      const socketDir = shareSocketDir(dataDir);
      expect((await stat(socketDir)).mode & 0o777).toBe(0o700);
      await owner.users.create(user('usr_owner'));

      const client = await openStore({ kind: 'pglite', dataDir });
      expect(client.kind).toBe('pglite');
      expect(internalsOf(client).engine.sharedBy).toBe(process.pid);
      expect((await client.users.get('usr_owner'))?.name).toBe('usr_owner');
      await client.users.create(user('usr_client'));
      expect((await owner.users.get('usr_client'))?.name).toBe('usr_client');
      // Concurrent writers through the socket queue: every row lands once.
      await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? owner : client).users.create(user(`usr_${i}`))),
      );
      expect((await owner.users.list()).length).toBe(14);
      await client.close();
    } finally {
      await owner.close();
    }
    expect(existsSync(join(shareSocketDir(dataDir), '.s.PGSQL.5432'))).toBe(false);
    // Reopened after the owner stopped: the data is on disk and the opener owns the directory again.
    const again = await openStore({ kind: 'pglite', dataDir });
    try {
      expect((await again.users.list()).length).toBe(14);
      expect(internalsOf(again).engine.sharedBy).toBeUndefined();
    } finally {
      await again.close();
    }
  });

  it('a holder that does not share makes a second opener fail with what to do', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ipet-share-'));
    dirs.push(dir);
    const dataDir = join(dir, 'db');
    const holder = await openStore({ kind: 'pglite', dataDir });
    try {
      await expect(openStore({ kind: 'pglite', dataDir })).rejects.toMatchObject({
        code: 'config',
        message: expect.stringMatching(/is busy: process \d+ is using it and does not share it/),
        hint: expect.stringMatching(/ipet up/),
      });
    } finally {
      await holder.close();
    }
  });
});
