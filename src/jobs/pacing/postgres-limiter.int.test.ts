import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTestDatabase } from '../../store/testing.ts';
import type { FleetLimiter } from './fleet-limiter.ts';
import { createPostgresLimiter, lockSpace } from './postgres-limiter.ts';

const adminUrl = process.env.IPET_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const skip = process.env.IPET_SKIP_POSTGRES === '1';

describe.skipIf(skip)('postgres fleet limiter', () => {
  const database = postgresTestDatabase(adminUrl);
  let url: string;
  let admin: pg.Client;
  const open: FleetLimiter[] = [];
  let n = 0;
  /** A limiter of its own name per test, as if in another process (its own connections). */
  const limiter = async (slots: number, name: string) => {
    const made = await createPostgresLimiter({ url, slots, name, pollMaxMs: 50 });
    open.push(made);
    return made;
  };
  const locksHeld = async (name: string) => {
    const { rows } = await admin.query<{ n: number }>(
      "select count(*)::int as n from pg_locks where locktype = 'advisory' and objsubid = 2 and classid = $1 and granted",
      [lockSpace(name) >>> 0],
    );
    return rows[0]?.n ?? 0;
  };

  beforeAll(async () => {
    url = await database.create();
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    await Promise.all(open.map((l) => l.close()));
    await admin?.end();
    await database.drop();
  });

  it('never lets two processes together hold more than `slots`', async () => {
    const name = `t${n++}`;
    const [a, b] = [await limiter(3, name), await limiter(3, name)];
    let inFlight = 0;
    let most = 0;
    const task = async (l: FleetLimiter) => {
      const release = await l.acquire();
      inFlight++;
      most = Math.max(most, inFlight);
      expect(await locksHeld(name)).toBeLessThanOrEqual(3);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      release();
    };
    await Promise.all(Array.from({ length: 24 }, (_, i) => task(i % 2 === 0 ? a! : b!)));
    expect(most).toBeLessThanOrEqual(3);
    expect(a!.held + b!.held).toBe(0);
  });

  it('makes a caller wait until a slot is released in another process', async () => {
    const name = `t${n++}`;
    const [a, b] = [await limiter(3, name), await limiter(3, name)];
    const held = [await a!.acquire(), await a!.acquire(), await b!.acquire()];
    expect(await locksHeld(name)).toBe(3);
    let granted = false;
    const waiting = b!.acquire().then((release) => {
      granted = true;
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(granted).toBe(false);
    held[0]!();
    const release = await waiting;
    expect(await locksHeld(name)).toBe(3);
    for (const r of [release, held[1]!, held[2]!]) r();
  });

  it('frees the slots of a process whose connections die', async () => {
    const name = `t${n++}`;
    const a = await limiter(2, name);
    await Promise.all([a.acquire(), a.acquire()]);
    const b = await limiter(2, name);
    const waiting = b.acquire();
    await admin.query(
      "select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and objsubid = 2 and classid = $1",
      [lockSpace(name) >>> 0],
    );
    const release = await waiting;
    expect(b.held).toBe(1);
    release();
  });

  it('shrinks the whole fleet after a rate limit', async () => {
    const name = `t${n++}`;
    const [a, b] = [await limiter(4, name), await limiter(4, name)];
    a!.slowDown(60_000);
    while (a!.parked < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    const got = [await b!.acquire(), await b!.acquire()];
    const controller = new AbortController();
    const third = b!.acquire(controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await locksHeld(name)).toBe(4);
    controller.abort(new Error('gave up'));
    await expect(third).rejects.toThrow('gave up');
    for (const r of got) r();
  });

  it('keeps handing a slot to its own callers while no other process waits, and lets go once one does', async () => {
    const name = `t${n++}`;
    const made = await createPostgresLimiter({ url, slots: 1, name, pollMaxMs: 50, handoffMs: 50 });
    open.push(made);
    const a = made;
    // Every release to the fleet is a NOTIFY on the limiter's channel: count them.
    const watcher = new pg.Client({ connectionString: url });
    await watcher.connect();
    let releases = 0;
    watcher.on('notification', (m) => {
      if (m.payload === '') releases++;
    });
    await watcher.query(`listen ipet_slots_${(lockSpace(name) >>> 0).toString(16)}`);
    try {
      let release = await a.acquire();
      // Alone: well past the hand-off time, every release goes to the next caller of the same process.
      for (let i = 0; i < 4; i++) {
        const next = a.acquire();
        await new Promise((resolve) => setTimeout(resolve, 80));
        release();
        release = await next;
      }
      await new Promise((resolve) => setTimeout(resolve, 100)); // time for a NOTIFY to arrive
      expect(releases).toBe(0);
      expect(await locksHeld(name)).toBe(1);

      // Another process waits (its probes say so): the slot, held past the hand-off time, goes back to
      // the fleet although a caller of this process waits too.
      const b = await limiter(1, name);
      const other = b.acquire().then((r) => ({ r, who: 'b' }));
      const mine = a.acquire().then((r) => ({ r, who: 'a' }));
      await new Promise((resolve) => setTimeout(resolve, 150));
      release();
      await expect.poll(() => releases, { timeout: 2_000 }).toBe(1);
      // Either process may take it now; both get it in turn.
      const first = await Promise.race([other, mine]);
      first.r();
      (await (first.who === 'b' ? mine : other)).r();
    } finally {
      await watcher.end();
    }
  });
});
