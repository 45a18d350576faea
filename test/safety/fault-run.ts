import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime } from '../../src/app/index.ts';
import { chatDeps, loadConfig } from '../../src/app/index.ts';
import { systemClock } from '../../src/core/clock.ts';
import type { Pet, User } from '../../src/core/entities.ts';
import { randomIds } from '../../src/core/ids.ts';
import { type Logger, silentLogger } from '../../src/core/logger.ts';
import type { Store } from '../../src/core/ports/index.ts';
import { type ChatResult, ChatTurnError, chatOnce } from '../../src/dialogue/index.ts';
import { type CircuitSnapshot, createModels, type ModelLimits } from '../../src/llm/index.ts';
import { createPet, createUser } from '../../src/profiles/index.ts';
import {
  createSafetyEventCounter,
  createTurnLimiter,
  type SafetyEventCounter,
} from '../../src/safety/index.ts';
import { type FaultKind, type SimHandle, type SimStats, startSimulator } from '../../src/sim/index.ts';
import { openTestStore } from '../../src/test/index.ts';

/**
 * Many users chatting through the real runtime wiring (`chatDeps`, guarded models over HTTP) against the
 * simulator injecting faults. Each turn has an idempotency key; a failed turn is retried by the "client" with
 * the same key until it succeeds, as an app would. Used by `test/safety/faults.test.ts` (small) and
 * `scripts/soak.ts` (full size). Returns what happened; the callers decide what must hold.
 */
export interface FaultRunOptions {
  users: number;
  turns: number;
  failRate: number;
  faults?: FaultKind[];
  seed?: number;
  /** Users chatting at once. */
  concurrency?: number;
  /** Every n-th message says something a crisis pattern catches (0: none). */
  crisisEvery?: number;
  /** Client attempts per turn before giving up. */
  maxClientAttempts?: number;
  retryAfterSeconds?: number;
  limits?: Partial<ModelLimits>;
  logger?: Logger;
  onProgress?: (done: number, total: number) => void;
}

export interface TurnOutcome {
  userId: string;
  petId: string;
  text: string;
  key: string;
  crisis: boolean;
  attempts: number;
  result: ChatResult | null;
  errors: string[];
}

export interface FaultRunReport {
  outcomes: TurnOutcome[];
  sim: SimStats;
  /** Backoff waits the model layer asked for, in ms. */
  sleeps: number[];
  usage: ReturnType<Runtime['models']['usage']>;
  circuits: CircuitSnapshot[];
  /** The most times any circuit opened, sampled after each turn. */
  circuitOpenings: number;
  wallMs: number;
  /** The runtime's safety event counter. */
  events: SafetyEventCounter;
  /** The store, still open: read what was stored, then `close()`. */
  store: Store;
  close(): Promise<void>;
}

/**
 * Small limits, so hanging requests and backoff cost little. Not smaller: the in-memory PGlite store runs on
 * the same event loop, and under concurrent turns a 400 ms first-token deadline expires while the loop is
 * busy with queries, which then trips the breaker with timeouts the server never caused.
 */
export const FAULT_RUN_LIMITS: Partial<ModelLimits> = {
  maxConcurrency: 16,
  firstTokenTimeoutMs: 2000,
  responseTimeoutMs: 2000,
  embeddingTimeoutMs: 2000,
  totalTimeoutMs: 10_000,
  maxRetries: 3,
  retryBaseDelayMs: 10,
  retryMaxDelayMs: 300,
  breakerFailureThreshold: 8,
  breakerCooldownMs: 300,
};

export interface SimRuntime {
  rt: Runtime;
  sim: SimHandle;
  store: Store;
  sleeps: number[];
  close(): Promise<void>;
}

/** A Runtime as `openRuntime` builds it, on a test store and the simulator, with small limits. */
export async function openSimRuntime(
  options: {
    failRate?: number;
    faults?: FaultKind[];
    seed?: number;
    retryAfterSeconds?: number;
    limits?: Partial<ModelLimits>;
    logger?: Logger;
    /** `sim`: memories are embedded by the simulator (its faults reach the turn's memory lookup). */
    embedding?: 'lexical' | 'sim';
  } = {},
): Promise<SimRuntime> {
  const sim = await startSimulator({
    failRate: options.failRate ?? 0,
    ...(options.faults ? { faults: options.faults } : {}),
    seed: options.seed ?? 7,
    retryAfterSeconds: options.retryAfterSeconds ?? 0.15,
    capacity: 32,
  });
  const store = await openTestStore();
  const logger = options.logger ?? silentLogger;
  const sleeps: number[] = [];
  const sleep = (ms: number, signal?: AbortSignal) => {
    sleeps.push(ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const done = () => {
        signal?.removeEventListener('abort', abort);
        resolve();
      };
      const handle = setTimeout(done, ms);
      const abort = () => {
        clearTimeout(handle);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', abort, { once: true });
    });
  };
  const config = loadConfig({
    IPET_DATA_DIR: mkdtempSync(join(tmpdir(), 'ipet-faults-')),
    IPET_LLM_BASE_URL: sim.url,
    IPET_LLM_MODEL: 'ipet-sim',
    ...(options.embedding === 'sim' ? { IPET_EMBED_MODEL: 'ipet-sim-embed' } : {}),
  });
  const models = createModels(
    {
      language: config.language,
      embedding: options.embedding === 'sim' ? config.embedding : { kind: 'lexical' },
      limits: options.limits ?? FAULT_RUN_LIMITS,
    },
    { logger, sleep },
  );
  const rt: Runtime = {
    config,
    store,
    models,
    clock: systemClock,
    ids: randomIds,
    logger,
    language: () => models.language!,
    flushUsage: async () => {},
    close: async () => {},
  };
  return {
    rt,
    sim,
    store,
    sleeps,
    async close() {
      await models.close();
      await store.close();
      await sim.close();
    },
  };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runFaultyChats(options: FaultRunOptions): Promise<FaultRunReport> {
  const started = Date.now();
  const env = await openSimRuntime({
    failRate: 0,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.retryAfterSeconds !== undefined ? { retryAfterSeconds: options.retryAfterSeconds } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const { rt, sim } = env;
  // Generous per-user limits: this run is about faults, not quotas. Safety events counted here, by user.
  const events = createSafetyEventCounter();
  const deps = chatDeps(rt, {
    extractOnClose: false,
    safety: {
      events,
      limiter: createTurnLimiter(
        { burst: 10_000, perMinute: 10_000, dailyTurns: null },
        { limits: rt.store.limits },
      ),
    },
  });
  const base = { users: rt.store.users, pets: rt.store.pets, clock: rt.clock, ids: rt.ids };
  const pairs: Array<{ user: User; pet: Pet }> = [];
  for (let i = 0; i < options.users; i++) {
    const user = await createUser(base, { name: `User ${i}`, ageBand: 'adult' });
    const pet = await createPet(base, { ownerId: user.id, profile: { name: `Pet ${i}`, kind: 'cat' } });
    pairs.push({ user, pet });
  }
  sim.configure({ failRate: options.failRate });
  sim.reset();

  const outcomes: TurnOutcome[] = [];
  let circuitOpenings = 0;
  let done = 0;
  const maxAttempts = options.maxClientAttempts ?? 30;
  const turnsOf = (u: number) =>
    Array.from({ length: options.turns }, (_, t) => t).filter((t) => t % options.users === u);

  const runUser = async (u: number) => {
    const { user, pet } = pairs[u]!;
    for (const t of turnsOf(u)) {
      const crisis = (options.crisisEvery ?? 0) > 0 && t % options.crisisEvery! === 0;
      const text = crisis ? `message ${t}: honestly I want to die` : `message ${t}: how was your day?`;
      const outcome: TurnOutcome = {
        userId: user.id,
        petId: pet.id,
        text,
        key: `turn-${t}`,
        crisis,
        attempts: 0,
        result: null,
        errors: [],
      };
      while (outcome.result === null && outcome.attempts < maxAttempts) {
        outcome.attempts++;
        try {
          outcome.result = await chatOnce(deps, {
            userId: user.id,
            petId: pet.id,
            text,
            idempotencyKey: outcome.key,
          });
        } catch (error) {
          if (!(error instanceof ChatTurnError)) throw error;
          outcome.errors.push(error.code);
          if (!error.isRetryable) break;
          // An app waits what the server said, or a moment (the circuit may be open).
          await wait(Math.min(error.retryAfterMs ?? 50, 500));
        }
      }
      outcomes.push(outcome);
      for (const circuit of rt.models.circuits()) circuitOpenings = Math.max(circuitOpenings, circuit.opened);
      options.onProgress?.(++done, options.turns);
    }
  };
  const queue = pairs.map((_, u) => u);
  const workers = Array.from({ length: Math.min(options.concurrency ?? 8, pairs.length) }, async () => {
    for (let u = queue.shift(); u !== undefined; u = queue.shift()) await runUser(u);
  });
  await Promise.all(workers);

  return {
    outcomes,
    sim: sim.stats(),
    sleeps: env.sleeps,
    usage: rt.models.usage(),
    circuits: rt.models.circuits(),
    circuitOpenings,
    wallMs: Date.now() - started,
    events,
    store: rt.store,
    close: env.close,
  };
}
