import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../core/index.ts';
import { lockDataDir } from './pglite-lock.ts';

describe('lockDataDir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ipet-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second holder until the first releases', async () => {
    const release = await lockDataDir(join(dir, 'db'));
    expect(await readFile(join(dir, 'db.lock'), 'utf8')).toBe(String(process.pid));
    await expect(lockDataDir(join(dir, 'db'))).rejects.toBeInstanceOf(ConfigError);
    await release();
    const again = await lockDataDir(join(dir, 'db'));
    await again();
  });

  it('takes over a lock left by a process that is gone', async () => {
    // pid 2^22+1 is above Linux's pid_max default: no such process.
    await writeFile(join(dir, 'db.lock'), String(4_194_305));
    const release = await lockDataDir(join(dir, 'db'));
    expect(await readFile(join(dir, 'db.lock'), 'utf8')).toBe(String(process.pid));
    await release();
  });
});
