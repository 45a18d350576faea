import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  type FuzzRequest,
  fuzzAnswerProblems,
  fuzzOperations,
  fuzzRequests,
  strayRequests,
} from '../../src/server/fuzz-cases.ts';
import { type SimHandle, startSimulator } from '../../src/sim/index.ts';
import { postgresTestDatabase } from '../../src/store/postgres-test-database.ts';
import { type IpetProcess, memoryOf, spawnIpet } from '../lib/process.ts';
import { type PrivateCluster, startPrivateCluster } from './cluster.ts';

/**
 * The fault-and-load run (issue 19, "Tests and figures"): `servers` `ipet serve` processes and one
 * `ipet worker` on one PostgreSQL database, the simulator (in this process) injecting model faults, and
 * `turns` chat turns over HTTP from many simulated users - each with an idempotency key, retried as an app
 * would (retryable errors with the same key, `Retry-After` honoured, another server when one is gone).
 * Meanwhile: kill -9 of a server (restarted), kill -9 of the worker (restarted), a PostgreSQL restart
 * (private cluster only) and a malformed-request pass over every route of the OpenAPI document. Then the
 * database is checked: lost, duplicated and stuck turns; and 5xx counts, leaks and recovery times reported.
 * Loopback only; everything it starts it stops (by pid), and its database is dropped.
 */
export interface FaultLoadOptions {
  /** Repository root (for bin/ipet.js). */
  root: string;
  turns: number;
  users: number;
  /** Users sending at once. */
  clients: number;
  servers: number;
  failRate: number;
  seed: number;
  /** Admin URL of a server where a throw-away database is made (no restarts); null: a private cluster. */
  postgresUrl: string | null;
  chaos: {
    serverKill: boolean;
    workerKill: boolean;
    /** Needs the private cluster (ignored with `postgresUrl`). */
    postgresRestart: boolean;
    fuzz: boolean;
  };
  /** A client gives a turn up after this long. */
  turnDeadlineMs: number;
  log(message: string): void;
}

export const DEFAULT_FAULT_LOAD = {
  turns: 2000,
  users: 60,
  clients: 24,
  servers: 3,
  failRate: 0.2,
  seed: 19,
  turnDeadlineMs: 240_000,
};

/** The default reply lease (dialogue options) plus the servers' sweep interval (serve.ts), and a margin. */
const LEASE_MS = 30_000;
const SWEEP_MS = 60_000;
const STUCK_WINDOW_MS = LEASE_MS + SWEEP_MS + 10_000;
const ADMIN_KEY = `faults-${randomBytes(6).toString('hex')}`;

export interface ChaosEvent {
  name: string;
  /** Seconds since the load started. */
  at: number;
  /** Time the action itself took (restart until ready), ms. */
  actionMs: number;
  /** From the event until the next successful turn that started after it, ms (null: none). */
  nextSuccessMs: number | null;
  /** Turns in flight on the affected component when it happened, and until the last of them was answered. */
  inFlight: number;
  inFlightRecoveredMs: number | null;
  detail?: string;
}

export interface ProcessFigures {
  role: string;
  pid: number;
  /** Open file descriptors / sockets / RSS MiB after setup and after the load (idle). */
  fdsBefore: number | null;
  fdsAfter: number | null;
  socketsBefore: number | null;
  socketsAfter: number | null;
  rssBeforeMiB: number | null;
  rssAfterMiB: number | null;
  /** SIGTERM at the end: exit code and seconds to exit. */
  exitCode: number | null;
  exitSeconds: number | null;
}

export interface FaultLoadResult {
  options: Omit<FaultLoadOptions, 'log' | 'root'>;
  postgres: 'private cluster' | 'given server';
  wallSeconds: number;
  loadSeconds: number;
  turns: {
    sent: number;
    answered: number;
    gaveUp: number;
    attempts: number;
    retried: number;
    latencyP50Ms: number;
    latencyP99Ms: number;
    maxMs: number;
  };
  /** HTTP statuses of every chat attempt, and error codes of failed streams. */
  statuses: Record<string, number>;
  streamErrors: Record<string, number>;
  networkErrors: number;
  fivexxOverall: number;
  checks: {
    lost: number;
    lostDetail: string[];
    duplicated: number;
    duplicatedDetail: string[];
    stuckPendingAtEnd: number;
    stuck: number;
    /** Replies marked failed with no ok reply beside them among the answered turns (should be 0). */
    answeredWithoutOkReply: number;
    userMessages: number;
    replies: Record<string, number>;
  };
  fuzz: {
    requests: number;
    operations: number;
    fivexx: number;
    problems: number;
    /** Problems by kind (5xx, shape, not JSON, database detail, no answer). */
    problemKinds: Record<string, number>;
    sample: string[];
    seconds: number;
  } | null;
  chaos: ChaosEvent[];
  processes: ProcessFigures[];
  db: { connectionsIdle: number; connectionsAfterStop: number };
  sim: { requests: number; faults: Record<string, number> };
}

interface Server {
  url: string;
  proc: IpetProcess;
  figures: ProcessFigures;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function fdFigures(pid: number): { fds: number; sockets: number } | null {
  try {
    const fds = readdirSync(`/proc/${pid}/fd`);
    let sockets = 0;
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) sockets++;
      } catch {}
    }
    return { fds: fds.length, sockets };
  } catch {
    return null;
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** One raw HTTP request (paths sent as given, not normalised), the status and body. */
function rawRequest(
  base: string,
  req: FuzzRequest,
  timeoutMs = 30_000,
): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.url,
        headers: {
          ...req.headers,
          ...(req.payload !== undefined ? { 'content-length': String(Buffer.byteLength(req.payload)) } : {}),
        },
        timeout: timeoutMs,
        // A connection per request: the server closes some after answering (431, 413), as it may.
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    r.on('timeout', () => r.destroy(new Error('timeout')));
    r.on('error', reject);
    if (req.payload !== undefined) r.write(req.payload);
    r.end();
  });
}

async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export async function runFaultLoad(options: FaultLoadOptions): Promise<FaultLoadResult> {
  const { log } = options;
  const started = Date.now();
  const cleanups: Array<() => Promise<void>> = [];
  let cluster: PrivateCluster | null = null;
  try {
    // -- The database: a private cluster (restartable) or a throw-away database on the given server.
    let adminUrl = options.postgresUrl;
    if (!adminUrl) {
      log('starting a private PostgreSQL cluster (initdb)...');
      cluster = await startPrivateCluster();
      const c = cluster;
      cleanups.push(() => c.stop());
      adminUrl = cluster.adminUrl;
      log(`private cluster on port ${cluster.port} (${cluster.dir})`);
    }
    const database = postgresTestDatabase(adminUrl);
    const databaseUrl = await database.create();
    cleanups.push(() => database.drop());
    const dbName = database.name;

    // -- The simulator, faults off while setting up.
    const sim: SimHandle = await startSimulator({
      seed: options.seed,
      capacity: 32,
      retryAfterSeconds: 1,
      failRate: 0,
    });
    cleanups.push(() => sim.close());

    const dataDir = mkdtempSync(join(tmpdir(), 'ipet-faults-data-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = {
      IPET_DATABASE_URL: databaseUrl,
      IPET_DATA_DIR: dataDir,
      IPET_ADMIN_KEY: ADMIN_KEY,
      IPET_LLM_BASE_URL: sim.url,
      IPET_LLM_MODEL: 'ipet-sim',
      IPET_EMBED_MODEL: 'ipet-sim-embed',
      IPET_LOG_LEVEL: 'error',
      IPET_NIGHTLY_WORKER: 'external',
      IPET_DB_POOL_SIZE: '6',
      // This run is about faults, not quotas.
      IPET_CHAT_BURST: '100000',
      IPET_CHAT_PER_MINUTE: '100000',
      // Sessions close (and are extracted by the worker) while the run goes on.
      IPET_SESSION_IDLE_MINUTES: '0.5',
      IPET_SHUTDOWN_GRACE_SECONDS: '10',
      // A hung model request (the simulator's `timeout` fault) is given up after 5 s, not 30/60.
      IPET_LLM_FIRST_TOKEN_TIMEOUT_MS: '5000',
      IPET_LLM_RESPONSE_TIMEOUT_MS: '5000',
      IPET_EMBED_TIMEOUT_MS: '5000',
      IPET_LLM_TIMEOUT_MS: '30000',
      IPET_NOW: '',
    };

    const allProcs: IpetProcess[] = [];
    cleanups.push(async () => {
      for (const p of allProcs)
        if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    });
    const figures: ProcessFigures[] = [];
    const newFigures = (role: string, pid: number): ProcessFigures => {
      const f: ProcessFigures = {
        role,
        pid,
        fdsBefore: null,
        fdsAfter: null,
        socketsBefore: null,
        socketsAfter: null,
        rssBeforeMiB: null,
        rssAfterMiB: null,
        exitCode: null,
        exitSeconds: null,
      };
      figures.push(f);
      return f;
    };
    const startServer = async (role: string): Promise<Server> => {
      const proc = spawnIpet(options.root, ['serve', '--port', '0'], env);
      allProcs.push(proc);
      const [, url] = await proc.waitForLine(/^ipet listening on (http:\/\/\S+)$/, 180_000);
      return { url: url!, proc, figures: newFigures(role, proc.pid) };
    };
    const startWorker = (role: string) => {
      const proc = spawnIpet(options.root, ['worker', '--concurrency', '2', '--poll-seconds', '1'], env);
      allProcs.push(proc);
      return { proc, figures: newFigures(role, proc.pid) };
    };
    const baseline = async (f: ProcessFigures) => {
      const fd = fdFigures(f.pid);
      const mem = await memoryOf(f.pid);
      f.fdsBefore = fd?.fds ?? null;
      f.socketsBefore = fd?.sockets ?? null;
      f.rssBeforeMiB = mem ? Math.round(mem.rssMiB) : null;
    };

    log(`starting ${options.servers} ipet serve processes and an ipet worker...`);
    // The first applies the migrations; the others then start side by side.
    const servers: Server[] = [await startServer('serve #1')];
    servers.push(
      ...(await Promise.all(
        Array.from({ length: options.servers - 1 }, (_, i) => startServer(`serve #${i + 2}`)),
      )),
    );
    let worker = startWorker('worker #1');

    // -- Users and pets, through the API (round-robin over the servers).
    log(`creating ${options.users} users and pets...`);
    const admin = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
    const pairs: Array<{ userId: string; token: string; petId: string }> = [];
    for (let u = 0; u < options.users; u++) {
      const base = servers[u % servers.length]!.url;
      const { user, token } = await json<{ user: { id: string }; token: string }>(
        await fetch(`${base}/api/v1/users`, {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ name: `Load ${u}`, timezone: 'Europe/Paris', ageBand: 'adult' }),
        }),
      );
      const { pet } = await json<{ pet: { id: string } }>(
        await fetch(`${base}/api/v1/pets`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `Pet ${u}`, kind: 'cat' }),
        }),
      );
      pairs.push({ userId: user.id, token, petId: pet.id });
    }
    await wait(1000);
    for (const s of servers) await baseline(s.figures);
    await baseline(worker.figures);

    // -- The load.
    sim.configure({ failRate: options.failRate });
    sim.reset();
    const loadStarted = Date.now();
    const since = () => ((Date.now() - loadStarted) / 1000).toFixed(1);
    const statuses: Record<string, number> = {};
    const streamErrors: Record<string, number> = {};
    let networkErrors = 0;
    let attemptsTotal = 0;
    const finishes: number[] = [];
    interface Turn {
      key: string;
      pair: number;
      text: string;
      acknowledged: boolean;
      answered: boolean;
      replyId: string | null;
      attempts: number;
      startedAt: number;
      endedAt: number;
      /** Server URL of the attempt in flight, or null. */
      on: string | null;
      attemptStartedAt: number;
    }
    const turns: Turn[] = [];
    const inFlight = new Set<Turn>();
    let done = 0;
    const bump = (map: Record<string, number>, key: string) => {
      map[key] = (map[key] ?? 0) + 1;
    };

    /** One attempt of a turn: 'ok', 'retry' (after waitMs), or 'give-up'. */
    const attempt = async (
      turn: Turn,
      server: Server,
    ): Promise<{ outcome: 'ok' | 'retry' | 'give-up'; waitMs: number }> => {
      const pair = pairs[turn.pair]!;
      turn.on = server.url;
      turn.attemptStartedAt = Date.now();
      turn.attempts++;
      attemptsTotal++;
      let res: Response;
      try {
        res = await fetch(`${server.url}/api/v1/pets/${pair.petId}/chat`, {
          method: 'POST',
          headers: { authorization: `Bearer ${pair.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ text: turn.text, idempotencyKey: turn.key }),
          signal: AbortSignal.timeout(120_000),
        });
      } catch {
        networkErrors++;
        return { outcome: 'retry', waitMs: 200 };
      }
      bump(statuses, String(res.status));
      if (res.status !== 200) {
        await res.text().catch(() => '');
        const retryAfter = Number(res.headers.get('retry-after'));
        const waitMs = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 15) * 1000 : 500;
        if (res.status === 409 || res.status === 429 || res.status >= 500)
          return { outcome: 'retry', waitMs };
        return { outcome: 'give-up', waitMs: 0 };
      }
      let body = '';
      try {
        const decoder = new TextDecoder();
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          body += decoder.decode(chunk, { stream: true });
          if (!turn.acknowledged && body.includes('event: turn-start')) turn.acknowledged = true;
        }
      } catch {
        networkErrors++;
      }
      const finish = /event: finish\ndata: (.*)\n/.exec(body);
      if (finish) {
        turn.replyId = (JSON.parse(finish[1]!) as { replyMessageId: string }).replyMessageId;
        return { outcome: 'ok', waitMs: 0 };
      }
      const error = /event: error\ndata: (.*)\n/.exec(body);
      if (error) {
        const part = JSON.parse(error[1]!) as { error: { code: string; retryable?: boolean } };
        bump(streamErrors, part.error.code);
        return part.error.retryable === false
          ? { outcome: 'give-up', waitMs: 0 }
          : { outcome: 'retry', waitMs: 300 };
      }
      bump(streamErrors, 'cut');
      return { outcome: 'retry', waitMs: 200 };
    };

    const runTurn = async (turn: Turn) => {
      turn.startedAt = Date.now();
      inFlight.add(turn);
      let n = turn.pair;
      for (;;) {
        const server = servers[n++ % servers.length]!;
        const { outcome, waitMs } = await attempt(turn, server);
        turn.on = null;
        if (outcome === 'ok') {
          turn.answered = true;
          finishes.push(Date.now());
          break;
        }
        if (outcome === 'give-up' || Date.now() - turn.startedAt > options.turnDeadlineMs) break;
        await wait(waitMs);
      }
      turn.endedAt = Date.now();
      inFlight.delete(turn);
      done++;
      if (done % Math.max(1, Math.floor(options.turns / 20)) === 0) {
        log(
          `[${since()} s] ${done}/${options.turns} turns, ${inFlight.size} in flight, ${attemptsTotal} attempts`,
        );
      }
    };

    // Turns in order per user; each client takes the next user with turns left.
    const perUser = Array.from({ length: options.users }, () => [] as Turn[]);
    for (let t = 0; t < options.turns; t++) {
      const u = t % options.users;
      const turn: Turn = {
        key: `fl-${u}-${t}`,
        pair: u,
        text: `turn ${t}: ${['how was your day?', 'tell me about your friends', 'I had tea and read a book', '今天有点累'][t % 4]}`,
        acknowledged: false,
        answered: false,
        replyId: null,
        attempts: 0,
        startedAt: 0,
        endedAt: 0,
        on: null,
        attemptStartedAt: 0,
      };
      turns.push(turn);
      perUser[u]!.push(turn);
    }
    let nextUser = 0;
    const busy = new Set<number>();
    const client = async () => {
      for (;;) {
        // The next user with turns left that no other client is serving.
        let u = -1;
        for (let i = 0; i < options.users; i++) {
          const candidate = (nextUser + i) % options.users;
          if (!busy.has(candidate) && perUser[candidate]!.length > 0) {
            u = candidate;
            break;
          }
        }
        if (u < 0) {
          if (perUser.every((q) => q.length === 0)) return;
          await wait(50);
          continue;
        }
        nextUser = (u + 1) % options.users;
        busy.add(u);
        await runTurn(perUser[u]!.shift()!);
        busy.delete(u);
      }
    };

    // -- Chaos, at fractions of the load.
    const chaos: ChaosEvent[] = [];
    const track = (name: string, at: number, affected: Turn[], actionMs: number, detail?: string) => {
      const event: ChaosEvent = {
        name,
        at: Number(((at - loadStarted) / 1000).toFixed(1)),
        actionMs,
        nextSuccessMs: null,
        inFlight: affected.length,
        inFlightRecoveredMs: null,
        ...(detail ? { detail } : {}),
      };
      chaos.push(event);
      return { event, at, affected };
    };
    const tracked: Array<ReturnType<typeof track>> = [];
    let fuzzResult: FaultLoadResult['fuzz'] = null;

    const killServer = async () => {
      const i = servers.length - 1;
      const victim = servers[i]!;
      const affected = [...inFlight].filter((t) => t.on === victim.url);
      log(
        `[${since()} s] chaos: kill -9 ${victim.figures.role} (pid ${victim.proc.pid}, ${affected.length} turns on it)`,
      );
      const at = Date.now();
      victim.proc.child.kill('SIGKILL');
      victim.figures.exitCode = 137;
      const restarted = await startServer(`${victim.figures.role} restarted`);
      servers[i] = restarted;
      await baseline(restarted.figures);
      tracked.push(track('kill -9 of an ipet serve, restarted', at, affected, Date.now() - at));
      log(`[${since()} s] chaos: server restarted in ${((Date.now() - at) / 1000).toFixed(1)} s`);
    };
    const killWorker = async () => {
      log(`[${since()} s] chaos: kill -9 worker (pid ${worker.proc.pid})`);
      const at = Date.now();
      worker.proc.child.kill('SIGKILL');
      worker.figures.exitCode = 137;
      worker = startWorker('worker restarted');
      await wait(2000);
      await baseline(worker.figures);
      tracked.push(track('kill -9 of the ipet worker, restarted', at, [], Date.now() - at));
    };
    const restartPostgres = async () => {
      if (!cluster) return;
      const affected = [...inFlight];
      log(`[${since()} s] chaos: pg_ctl restart -m fast (${affected.length} turns in flight)`);
      const at = Date.now();
      await cluster.restart();
      tracked.push(track('PostgreSQL restart (pg_ctl restart -m fast)', at, affected, Date.now() - at));
      log(`[${since()} s] chaos: PostgreSQL back after ${((Date.now() - at) / 1000).toFixed(1)} s`);
    };
    const fuzzPass = async () => {
      const at = Date.now();
      const base = servers[0]!.url;
      log(`[${since()} s] chaos: malformed-request pass over every route (against ${base})`);
      const doc = await json<unknown>(await fetch(`${base}/api/openapi.json`));
      const operations = fuzzOperations(doc);
      const target = async () => {
        const { user, token } = await json<{ user: { id: string }; token: string }>(
          await fetch(`${base}/api/v1/users`, {
            method: 'POST',
            headers: admin,
            body: JSON.stringify({ name: 'Fuzz' }),
          }),
        );
        const { pet } = await json<{ pet: { id: string } }>(
          await fetch(`${base}/api/v1/pets`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'Fuzzy', kind: 'cat' }),
          }),
        );
        return { userToken: token, userId: user.id, petId: pet.id, adminKey: ADMIN_KEY };
      };
      let t = await target();
      let requests = 0;
      let fivexx = 0;
      const problems: string[] = [];
      const send = async (req: FuzzRequest) => {
        requests++;
        try {
          const res = await rawRequest(base, req);
          if (res.status >= 500) fivexx++;
          problems.push(...fuzzAnswerProblems(req.label, res.status, res.body));
        } catch (error) {
          problems.push(`no answer: ${req.label.slice(0, 120)} (${(error as Error).message})`);
        }
      };
      for (const op of operations) {
        for (const req of fuzzRequests(op, t)) await send(req);
        if (op.method === 'DELETE') t = await target();
      }
      for (const req of strayRequests(ADMIN_KEY)) await send(req);
      const problemKinds: Record<string, number> = {};
      for (const p of problems) bump(problemKinds, p.slice(0, p.indexOf(':')));
      fuzzResult = {
        requests,
        operations: operations.length,
        fivexx,
        problemKinds,
        problems: problems.length,
        sample: problems.slice(0, 20),
        seconds: Math.round((Date.now() - at) / 1000),
      };
      log(
        `[${since()} s] chaos: fuzz done: ${requests} requests over ${operations.length} operations, ${fivexx} 5xx, ${problems.length} problems`,
      );
    };

    const plan: Array<{ fraction: number; run: () => Promise<void> }> = [];
    if (options.chaos.serverKill) plan.push({ fraction: 0.2, run: killServer });
    if (options.chaos.workerKill) plan.push({ fraction: 0.35, run: killWorker });
    if (options.chaos.postgresRestart && cluster) plan.push({ fraction: 0.5, run: restartPostgres });
    if (options.chaos.fuzz) plan.push({ fraction: 0.6, run: fuzzPass });
    const chaosRunner = (async () => {
      for (const step of plan) {
        while (done < step.fraction * options.turns && done < options.turns) await wait(100);
        if (done >= options.turns) break;
        await step.run();
      }
    })();

    log(
      `load: ${options.turns} turns, ${options.users} users, ${options.clients} at once, fail rate ${options.failRate}`,
    );
    await Promise.all(Array.from({ length: options.clients }, client));
    await chaosRunner;
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    log(`load done in ${loadSeconds.toFixed(0)} s`);
    sim.configure({ failRate: 0 });

    for (const { event, at, affected } of tracked) {
      const next = turns
        .filter((t) => t.answered && t.endedAt > at && t.attemptStartedAt >= at)
        .map((t) => t.endedAt);
      event.nextSuccessMs = next.length > 0 ? Math.min(...next) - at : null;
      if (affected.length > 0 && affected.every((t) => t.answered)) {
        event.inFlightRecoveredMs = Math.max(...affected.map((t) => t.endedAt)) - at;
      }
    }

    // -- The checks, on the database.
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const rows = async <T>(text: string, values: unknown[] = []) =>
        (await db.query(text, values)).rows as T[];
      const pendingCount = async () =>
        Number((await rows<{ n: string }>(`select count(*) n from messages where status = 'pending'`))[0]!.n);
      const stuckPendingAtEnd = await pendingCount();
      let stuck = stuckPendingAtEnd;
      if (stuck > 0) {
        log(
          `${stuck} replies still pending: waiting the lease and sweep window (${STUCK_WINDOW_MS / 1000} s)...`,
        );
        await wait(STUCK_WINDOW_MS);
        stuck = await pendingCount();
      }
      const users = await rows<{ id: string; idempotency_key: string; n: number }>(
        `select min(id) id, idempotency_key, count(*)::int n from messages
         where role = 'user' and idempotency_key like 'fl-%' group by idempotency_key`,
      );
      const replies = await rows<{ reply_to_id: string; id: string; status: string }>(
        `select reply_to_id, id, status from messages where role = 'pet' and reply_to_id is not null`,
      );
      const byKey = new Map(users.map((r) => [r.idempotency_key, r]));
      const repliesOf = new Map<string, Array<{ id: string; status: string }>>();
      const replyStatuses: Record<string, number> = {};
      for (const r of replies) {
        bump(replyStatuses, r.status);
        const list = repliesOf.get(r.reply_to_id) ?? [];
        list.push(r);
        repliesOf.set(r.reply_to_id, list);
      }
      const lostDetail: string[] = [];
      const duplicatedDetail: string[] = [];
      let answeredWithoutOkReply = 0;
      for (const turn of turns) {
        const stored = byKey.get(turn.key);
        if (!stored) {
          if (turn.acknowledged || turn.answered)
            lostDetail.push(`${turn.key}: acknowledged, user message missing`);
          continue;
        }
        if (stored.n > 1) duplicatedDetail.push(`${turn.key}: user message stored ${stored.n} times`);
        const own = repliesOf.get(stored.id) ?? [];
        if (own.length === 0) lostDetail.push(`${turn.key}: user message with no reply row`);
        const ok = own.filter((r) => r.status === 'ok');
        if (ok.length > 1) duplicatedDetail.push(`${turn.key}: ${ok.length} ok replies`);
        if (turn.answered) {
          if (ok.length === 0) {
            answeredWithoutOkReply++;
            lostDetail.push(`${turn.key}: answered, no ok reply stored`);
          } else if (turn.replyId && !ok.some((r) => r.id === turn.replyId)) {
            lostDetail.push(`${turn.key}: the answered reply ${turn.replyId} is not the stored one`);
          }
        }
      }

      // -- Leaks: the processes after the load, idle.
      await wait(3000);
      for (const s of servers) {
        const fd = fdFigures(s.proc.pid);
        const mem = await memoryOf(s.proc.pid);
        s.figures.fdsAfter = fd?.fds ?? null;
        s.figures.socketsAfter = fd?.sockets ?? null;
        s.figures.rssAfterMiB = mem ? Math.round(mem.rssMiB) : null;
      }
      {
        const fd = fdFigures(worker.proc.pid);
        const mem = await memoryOf(worker.proc.pid);
        worker.figures.fdsAfter = fd?.fds ?? null;
        worker.figures.socketsAfter = fd?.sockets ?? null;
        worker.figures.rssAfterMiB = mem ? Math.round(mem.rssMiB) : null;
      }
      const connections = async () =>
        Number(
          (
            await rows<{ n: string }>(
              `select count(*) n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
              [dbName],
            )
          )[0]!.n,
        );
      const connectionsIdle = await connections();
      log('stopping the processes (SIGTERM)...');
      await Promise.all(
        [
          ...servers.map((s) => ({ proc: s.proc, f: s.figures })),
          { proc: worker.proc, f: worker.figures },
        ].map(async ({ proc, f }) => {
          const t0 = Date.now();
          await proc.stop(30_000);
          f.exitCode = proc.child.exitCode ?? (proc.child.signalCode ? 128 : null);
          f.exitSeconds = Number(((Date.now() - t0) / 1000).toFixed(1));
        }),
      );
      await wait(1000);
      const connectionsAfterStop = await connections();

      const latencies = turns.filter((t) => t.answered).map((t) => t.endedAt - t.startedAt);
      const stats = sim.stats();
      const fivexxOverall = Object.entries(statuses)
        .filter(([s]) => Number(s) >= 500)
        .reduce((sum, [, n]) => sum + n, 0);
      return {
        options: {
          turns: options.turns,
          users: options.users,
          clients: options.clients,
          servers: options.servers,
          failRate: options.failRate,
          seed: options.seed,
          postgresUrl: options.postgresUrl ? new URL(options.postgresUrl).host : null,
          chaos: options.chaos,
          turnDeadlineMs: options.turnDeadlineMs,
        },
        postgres: cluster ? 'private cluster' : 'given server',
        wallSeconds: Math.round((Date.now() - started) / 1000),
        loadSeconds: Math.round(loadSeconds),
        turns: {
          sent: turns.length,
          answered: turns.filter((t) => t.answered).length,
          gaveUp: turns.filter((t) => !t.answered).length,
          attempts: attemptsTotal,
          retried: turns.filter((t) => t.attempts > 1).length,
          latencyP50Ms: percentile(latencies, 50),
          latencyP99Ms: percentile(latencies, 99),
          maxMs: percentile(latencies, 100),
        },
        statuses,
        streamErrors,
        networkErrors,
        fivexxOverall,
        checks: {
          lost: lostDetail.length,
          lostDetail: lostDetail.slice(0, 30),
          duplicated: duplicatedDetail.length,
          duplicatedDetail: duplicatedDetail.slice(0, 30),
          stuckPendingAtEnd,
          stuck,
          answeredWithoutOkReply,
          userMessages: users.length,
          replies: replyStatuses,
        },
        fuzz: fuzzResult,
        chaos,
        processes: figures,
        db: { connectionsIdle, connectionsAfterStop },
        sim: {
          requests: stats.requests.chatCompletions + stats.requests.embeddings,
          faults: { ...stats.faults },
        },
      };
    } finally {
      await db.end().catch(() => {});
    }
  } finally {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((e) => log(`cleanup: ${(e as Error).message}`));
  }
}
