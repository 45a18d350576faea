import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  createWaitQueue,
  type Logger,
  sleep as realSleep,
  type Sleep,
  silentLogger,
} from '../../core/index.ts';
import type { FleetLimiter } from './fleet-limiter.ts';
import { createParking, type ParkingOptions } from './parking.ts';

export interface PostgresLimiterOptions extends ParkingOptions {
  /** The database every worker shares (the store's). */
  url: string;
  /** Calls the model server takes at once. */
  slots: number;
  /** Separates limiters of different model servers on one database. Default 'model'. */
  name?: string;
  /** Retry interval while every slot is taken (doubles from min to max; a release wakes waiters at once). */
  pollMinMs?: number;
  pollMaxMs?: number;
  /**
   * A slot released while callers of this process wait goes straight to the next one (no round trip, no
   * idle slot). While another process waits for a slot, that holds only for this long after the process
   * took it; then the slot goes back to the fleet, so that every process gets its turn. Default 1 s.
   */
  handoffMs?: number;
  logger?: Logger;
  sleep?: Sleep;
  now?: () => number;
}

/**
 * A fleet-wide limit on model calls over PostgreSQL advisory locks: slot `i` of limiter `name` is the
 * session lock (hash(name), i), and a caller goes ahead once its process holds one of `slots` such locks
 * on a connection of its own. The server keeps the count, so N workers together never hold more than
 * `slots`; a worker that dies loses its connections and with them its slots, with nothing to clean up.
 *
 * Each process probes for a free slot one waiter at a time (FIFO among its callers), with backoff while
 * all are taken; a release NOTIFYs the other workers so that a freed slot is taken within a round trip
 * instead of a poll interval. A slot released while callers of the same process wait is handed to the
 * next one directly, so the model server never waits for our database: for as long as no other process
 * waits (a process whose probe found every slot taken says so on the channel), else for `handoffMs`.
 */
export async function createPostgresLimiter(options: PostgresLimiterOptions): Promise<FleetLimiter> {
  const { slots, url } = options;
  if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`slots must be >= 1 (got ${slots})`);
  const logger = options.logger ?? silentLogger;
  const sleep = options.sleep ?? realSleep;
  const pollMinMs = options.pollMinMs ?? 10;
  const pollMaxMs = options.pollMaxMs ?? 250;
  const handoffMs = options.handoffMs ?? 1_000;
  const now = options.now ?? Date.now;
  const space = lockSpace(options.name ?? 'model');
  const channel = `ipet_slots_${(space >>> 0).toString(16)}`;
  // "Another process waits for a slot": its id, so that a process ignores its own.
  const want = `want:${randomUUID()}`;
  /** When another process last said it waits, and when this one last said so. */
  let heardWant = Number.NEGATIVE_INFINITY;
  let saidWant = Number.NEGATIVE_INFINITY;
  const othersWait = () => now() - heardWant < 2 * pollMaxMs + handoffMs;

  // One connection per held slot, plus one for probing.
  const pool = new pg.Pool({ connectionString: url, max: slots + 1, application_name: 'ipet-slots' });
  pool.on('error', (error) => logger.warn('slot limiter: idle connection failed', { error }));
  const listener = new pg.Client({ connectionString: url, application_name: 'ipet-slots-listen' });
  listener.on('error', (error) => logger.warn('slot limiter: listener failed; polling only', { error }));
  await listener.connect();
  await listener.query(`listen ${channel}`);

  const queue = createWaitQueue<() => void>();
  const holders = new Set<pg.PoolClient>();
  const watched = new WeakSet<pg.PoolClient>();
  // A checked-out connection that dies (server restart, terminated backend) must not crash the process:
  // its slot is gone with it, and its holder's release finds out and drops it.
  const watch = (client: pg.PoolClient) => {
    if (watched.has(client)) return;
    watched.add(client);
    client.on('error', (error) => logger.warn('slot limiter: connection lost', { error }));
  };
  let closed = false;
  let pumping = false;
  let dirty = false;
  let wakeNap: (() => void) | null = null;
  const wake = () => {
    dirty = true;
    wakeNap?.();
  };
  listener.on('notification', (message) => {
    if (message.payload?.startsWith('want:')) {
      if (message.payload !== want) heardWant = now();
      return;
    }
    wake();
  });

  /** Waits for a release (here or anywhere in the fleet) or `ms`, whichever comes first. */
  const nap = async (ms: number) => {
    if (dirty) {
      dirty = false;
      return;
    }
    const stop = new AbortController();
    const woken = new Promise<void>((resolve) => {
      wakeNap = resolve;
    });
    await Promise.race([woken, sleep(ms * (0.5 + Math.random() / 2), stop.signal).catch(() => {})]);
    stop.abort();
    wakeNap = null;
    dirty = false;
  };

  const order = () => {
    const offset = Math.floor(Math.random() * slots);
    return Array.from({ length: slots }, (_, i) => (offset + i) % slots);
  };

  const tryLock = async (client: pg.PoolClient): Promise<number | null> => {
    // Rows are filtered in array order and LIMIT stops at the first lock taken: one lock at most.
    const result = await client.query<{ slot: number }>(
      'select s as slot from unnest($2::int[]) as t(s) where pg_try_advisory_lock($1::int, s) limit 1',
      [space, order()],
    );
    return result.rows[0]?.slot ?? null;
  };

  const releaseOf = (client: pg.PoolClient, slot: number, since: number) => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (!holders.has(client)) return; // closed meanwhile: the connection is gone, and the lock with it
      if (queue.length > 0 && (now() - since < handoffMs || !othersWait())) {
        queue.grant(releaseOf(client, slot, since));
        return;
      }
      holders.delete(client);
      client
        .query('select pg_advisory_unlock($1::int, $2::int), pg_notify($3, $4)', [space, slot, channel, ''])
        .then(
          () => client.release(),
          (error: unknown) => {
            // Dropping the connection ends its session, which frees the lock.
            client.release(error instanceof Error ? error : true);
            logger.warn('slot limiter: unlock failed; connection dropped', { error });
          },
        )
        .finally(wake);
    };
  };

  const pump = async () => {
    if (pumping) return;
    pumping = true;
    let backoff = pollMinMs;
    try {
      while (!closed && queue.length > 0) {
        let client: pg.PoolClient;
        let slot: number | null;
        try {
          client = await pool.connect();
          watch(client);
        } catch (error) {
          logger.warn('slot limiter: cannot connect; retrying', { error });
          await nap(pollMaxMs);
          continue;
        }
        try {
          slot = await tryLock(client);
        } catch (error) {
          client.release(error instanceof Error ? error : true);
          logger.warn('slot limiter: probe failed; retrying', { error });
          await nap(pollMaxMs);
          continue;
        }
        if (slot === null) {
          if (now() - saidWant >= pollMaxMs) {
            saidWant = now();
            await client.query('select pg_notify($1, $2)', [channel, want]).catch(() => {});
          }
          client.release();
          await nap(backoff);
          backoff = Math.min(backoff * 2, pollMaxMs);
          continue;
        }
        backoff = pollMinMs;
        holders.add(client);
        const release = releaseOf(client, slot, now());
        if (closed || !queue.grant(release)) release();
      }
    } finally {
      pumping = false;
    }
  };

  const enqueue = (signal: AbortSignal | undefined, first: boolean) => {
    if (closed) return Promise.reject(new Error('limiter closed'));
    const granted = queue.wait(signal, { first });
    void pump();
    return granted;
  };

  const parking = createParking(
    {
      slots,
      acquireFirst: (signal) => enqueue(signal, true),
      sleep,
      now,
      logger,
    },
    options,
  );

  return {
    slots,
    get held() {
      return holders.size;
    },
    get parked() {
      return parking.parked;
    },
    acquire: (signal) => enqueue(signal, false),
    slowDown: (ms) => parking.slowDown(ms),
    async close() {
      if (closed) return;
      closed = true;
      parking.close();
      queue.failAll(new Error('limiter closed'));
      wakeNap?.();
      // Held slots end with their connections.
      for (const client of holders) client.release(true);
      holders.clear();
      await listener.end().catch(() => {});
      await pool.end().catch(() => {});
    },
  };
}

/** The first key of the advisory lock pair: a stable 32-bit number for the limiter's name. */
export function lockSpace(name: string): number {
  return createHash('sha256').update(`ipet-slots:${name}`).digest().readInt32BE(0);
}
