import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasInitdb } from '../../bench/faults/index.ts';
import { type FaultLoadResult, runFaultLoad } from '../../bench/faults/run.ts';

/**
 * The fault-and-load run's core (bench/faults/run.ts, figures in RELIABILITY.md) at a tiny size, so it cannot
 * rot: 50 turns over two `ipet serve` processes and an `ipet worker` with 20% injected model faults, one
 * server killed with SIGKILL mid-load (and restarted), and a PostgreSQL restart when a private cluster can be
 * made (initdb installed; else a throw-away database on IPET_TEST_DATABASE_URL, which is never restarted).
 * The malformed-request pass has its own suite (src/server/fuzz.int.test.ts, the same cases).
 */
const skip = process.env.IPET_SKIP_POSTGRES === '1';
const adminUrl = process.env.IPET_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const root = fileURLToPath(new URL('../../', import.meta.url));

describe.skipIf(skip)('the fault-and-load run, tiny', () => {
  it('loses, duplicates and strands no turn through a server kill and a PostgreSQL restart', async () => {
    const privateCluster = hasInitdb();
    const log: string[] = [];
    const result: FaultLoadResult = await runFaultLoad({
      root,
      turns: 50,
      users: 8,
      clients: 6,
      servers: 2,
      failRate: 0.2,
      seed: 5,
      postgresUrl: privateCluster ? null : adminUrl,
      chaos: { serverKill: true, workerKill: false, postgresRestart: privateCluster, fuzz: false },
      turnDeadlineMs: 120_000,
      log: (line) => log.push(line),
    });
    const context = JSON.stringify(
      { checks: result.checks, chaos: result.chaos, log: log.slice(-20) },
      null,
      1,
    );
    // The faults happened: model faults were injected, a server was killed and came back.
    expect(result.sim.faults.total, context).toBeGreaterThan(0);
    expect(result.chaos.map((e) => e.name)).toContain('kill -9 of an ipet serve, restarted');
    if (privateCluster)
      expect(result.chaos.map((e) => e.name)).toContain('PostgreSQL restart (pg_ctl restart -m fast)');
    expect(result.processes.some((p) => p.exitCode === 137)).toBe(true);
    // Every turn answered in the end, each stored once with one reply, none left pending.
    expect(result.turns.answered, context).toBe(50);
    expect(result.checks.userMessages).toBe(50);
    expect(result.checks.lost, context).toBe(0);
    expect(result.checks.duplicated, context).toBe(0);
    expect(result.checks.stuck, context).toBe(0);
    expect(result.checks.replies.ok).toBe(50);
    // The turns on the killed server were answered (taken over after their lease), and nothing hangs on.
    for (const event of result.chaos) {
      expect(event.nextSuccessMs, event.name).not.toBeNull();
      if (event.inFlight > 0) expect(event.inFlightRecoveredMs, event.name).not.toBeNull();
    }
    expect(result.db.connectionsAfterStop).toBe(0);
    expect(result.processes.filter((p) => p.exitSeconds !== null).every((p) => p.exitCode === 0)).toBe(true);
  }, 240_000);
});
