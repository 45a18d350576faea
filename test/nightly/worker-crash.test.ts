import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planNight, summarizeNight } from '../../src/nightly/index.ts';
import { type SimHandle, startSimulator } from '../../src/sim/index.ts';
import { postgresTestDatabase } from '../../src/store/testing.ts';
import { type NightlyProcess, openNightlyProcess } from './harness.ts';
import { type SeededPair, seedPairs } from './seed-pairs.ts';

const adminUrl = process.env.IPET_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const skip = process.env.IPET_SKIP_POSTGRES === '1';
const repo = fileURLToPath(new URL('../../', import.meta.url));
const DATE = '2026-06-01';
const PAIRS = 8;

/**
 * Worker processes (`ipet worker`) on PostgreSQL: one is killed with SIGKILL in the middle of the night -
 * while it embeds a session's memories, between the model's answer and the write - and another takes over.
 * Every pair ends with one day and one extraction of its session with its memories, none lost or stored
 * twice, and what the killed worker had finished is not redone.
 */
describe.skipIf(skip)('nightly workers killed mid-night', () => {
  const database = postgresTestDatabase(adminUrl);
  let url: string;
  let sim: SimHandle;
  let control: NightlyProcess;
  let pairs: SeededPair[];
  const children: ChildProcess[] = [];

  const startWorker = () => {
    const child = spawn(
      process.execPath,
      ['bin/ipet.js', 'worker', '--concurrency', '2', '--no-plan', '--poll-seconds', '1'],
      {
        cwd: repo,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          IPET_DATABASE_URL: url,
          IPET_LLM_BASE_URL: sim.url,
          IPET_LLM_MODEL: 'ipet-sim',
          IPET_EMBED_MODEL: 'ipet-sim-embed',
          IPET_NIGHTLY_SLOTS: '4',
          IPET_LOG_LEVEL: 'error',
        },
      },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    children.push(child);
    return { child, stderr: () => stderr };
  };

  const jobs = () => control.queue.jobsOf([DATE]);
  /** Polls `check`; fails at once if the worker exits meanwhile. */
  const waitFor = async (
    worker: ReturnType<typeof startWorker>,
    check: () => Promise<boolean>,
    everyMs = 100,
  ) => {
    while (!(await check())) {
      if (worker.child.exitCode !== null) throw new Error(`ipet worker exited: ${worker.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  };

  beforeAll(async () => {
    url = await database.create();
    sim = await startSimulator({ capacity: 4, latencyMs: 60, seed: 5 });
    // The test's own process queues the night and supervises (it retries jobs whose worker went silent).
    control = await openNightlyProcess({ store: { kind: 'postgres', url }, sim, slots: 4 });
    pairs = await seedPairs(control.rt.store, { pairs: PAIRS, now: new Date() });
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await control?.close();
    await sim?.close();
    await database.drop();
  });

  it('yields one set of memories and one day per pair after a SIGKILL and a second worker', async () => {
    await planNight(control.deps, control.queue, { at: '03:00', date: DATE, startNow: true });

    const first = startWorker();
    // Killed while an embedding request is in flight: a session's memories are being embedded (the step
    // after the model's answer and before the write, where a session used to be marked done already).
    // (On a machine too loaded to catch that moment, mid-night is enough after a few seconds.)
    let embeddings = sim.stats().requests.embeddings;
    let midNightSince: number | null = null;
    await waitFor(
      first,
      async () => {
        const { pairs: all } = await jobs();
        const stats = sim.stats();
        const embedding = stats.requests.embeddings > embeddings && stats.active > 0;
        embeddings = stats.requests.embeddings;
        const midNight = all.some((j) => j.state === 'completed') && all.some((j) => j.state === 'active');
        if (!midNight) return false;
        midNightSince ??= Date.now();
        return embedding || Date.now() - midNightSince > 5_000;
      },
      10,
    );
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    const killedAt = new Date();
    const before = await jobs();
    const doneBefore = before.pairs.filter((j) => j.state === 'completed');
    const cutOff = before.pairs.filter((j) => j.state === 'active').map((j) => j.id);
    expect(doneBefore.length).toBeGreaterThan(0);
    expect(doneBefore.length).toBeLessThan(PAIRS);

    const second = startWorker();
    await waitFor(second, async () => summarizeNight([DATE], await jobs(), new Date()).settled);
    second.child.kill('SIGTERM');
    const [code] = await once(second.child, 'exit');
    expect(code, second.stderr()).toBe(0);

    const after = await jobs();
    expect(summarizeNight([DATE], after, new Date())).toMatchObject({
      pairs: PAIRS,
      succeeded: PAIRS,
      failed: 0,
      dead: 0,
    });
    // The jobs the kill interrupted were picked up again once their heartbeat stopped.
    for (const id of cutOff) expect(after.pairs.find((j) => j.id === id)?.retryCount).toBeGreaterThan(0);

    const { store } = control.rt;
    let remembered = 0;
    for (const pair of pairs) {
      expect(await store.worlds.listDays(pair.petId, DATE, DATE)).toHaveLength(1);
      const [session] = await store.chats.listSessions(pair.userId, pair.petId);
      expect(session?.extractedAt).not.toBeNull();
      const memories = await store.memories.list({ ...pair, now: new Date(), includeInactive: true });
      const ofSession = memories.filter((m) => m.sourceSessionId === session?.id);
      // The session has memorable content (a new hobby, a visit): it ends with its memories...
      expect(ofSession.length).toBeGreaterThan(0);
      // ...from one extraction run (every memory of it written at the same instant), none twice.
      expect(new Set(ofSession.map((m) => +m.createdAt)).size).toBe(1);
      expect(new Set(ofSession.map((m) => m.text)).size).toBe(ofSession.length);
      remembered += memories.length;
    }
    expect(remembered).toBeGreaterThan(0);
    // What the killed worker had finished was not done again: no model call for those pairs since.
    for (const job of doneBefore) {
      const usage = await store.usage.summary({
        since: killedAt,
        userId: job.data.userId,
        petId: job.data.petId,
      });
      expect(usage.reduce((n, row) => n + row.calls, 0)).toBe(0);
    }
  }, 180_000);
});
