import {
  type IpetConfig,
  loadConfig,
  nightlyDeps,
  openRuntime,
  type Runtime,
  type RuntimeOptions,
  type StoreConfig,
} from '../../src/app/index.ts';
import type { ModelUsageRecord, Store } from '../../src/core/index.ts';
import { createJsonLogger, type Logger, randomIds, silentLogger, systemClock } from '../../src/core/index.ts';
import {
  type FleetLimiter,
  type JobPolicy,
  type NightlyQueue,
  openFleetLimiter,
  openNightlyQueue,
  type QueueTuning,
} from '../../src/jobs/index.ts';
import { createModels } from '../../src/llm/index.ts';
import type { NightlyDeps } from '../../src/nightly/index.ts';
import type { SimHandle } from '../../src/sim/index.ts';
import { jobQueueDatabase } from '../../src/store/index.ts';
import { openTestStore } from '../../src/test/index.ts';

/** Settings that keep the integration tests fast: short retries, polls and heartbeats. */
export const FAST_POLICY: Partial<JobPolicy> = {
  retryLimit: 2,
  retryDelaySeconds: 1,
  retryDelayMaxSeconds: 1,
  heartbeatSeconds: 10,
};
export const FAST_TUNING: Partial<QueueTuning> = { pollSeconds: 0.5, superviseSeconds: 1 };

export interface NightlyProcess {
  rt: Runtime;
  /** The nightly use cases' dependencies, wired from `rt` as the app wires them. */
  deps: NightlyDeps;
  queue: NightlyQueue;
  limiter: FleetLimiter;
  /** How often the limiter was told to slow down. */
  slowDowns(): number;
  close(): Promise<void>;
}

/**
 * What one worker process opens: runtime (model calls through the fleet limiter) and the queue. On
 * PGlite the store is a fresh in-memory test store (from the migrated template: seconds, not the
 * twenty a blank PGlite takes to migrate); on PostgreSQL the runtime is the app's own.
 */
export async function openNightlyProcess(options: {
  store: StoreConfig;
  sim: SimHandle;
  slots: number;
  policy?: Partial<JobPolicy>;
  tuning?: Partial<QueueTuning>;
  env?: Record<string, string>;
}): Promise<NightlyProcess> {
  const config = {
    ...loadConfig({
      IPET_LLM_BASE_URL: options.sim.url,
      IPET_LLM_MODEL: 'ipet-sim',
      IPET_EMBED_MODEL: 'ipet-sim-embed',
      IPET_LLM_MAX_RETRIES: '0',
      ...options.env,
    }),
    store: options.store,
  };
  const logger: Logger = process.env.IPET_TEST_LOG
    ? createJsonLogger({ write: (l) => process.stderr.write(l), level: 'debug' })
    : silentLogger;
  const fleet = await openFleetLimiter(options.store, { slots: options.slots, logger });
  let slowDowns = 0;
  const limiter: FleetLimiter = {
    get slots() {
      return fleet.slots;
    },
    get held() {
      return fleet.held;
    },
    get parked() {
      return fleet.parked;
    },
    acquire: (signal) => fleet.acquire(signal),
    slowDown(ms) {
      slowDowns++;
      fleet.slowDown(ms);
    },
    close: () => fleet.close(),
  };
  const rt =
    options.store.kind === 'pglite'
      ? runtimeOver(await openTestStore(), config, { limiter, logger })
      : await openRuntime(config, { limiter, logger });
  const queue = await openNightlyQueue(
    { database: jobQueueDatabase(rt.store), logger },
    { policy: { ...FAST_POLICY, ...options.policy }, tuning: { ...FAST_TUNING, ...options.tuning } },
  );
  return {
    rt,
    deps: nightlyDeps(rt),
    queue,
    limiter,
    slowDowns: () => slowDowns,
    async close() {
      await queue.close();
      await rt.close();
      await limiter.close();
    },
  };
}

/** A Runtime around an open store, wired like `openRuntime` (models behind the guard, usage records buffered). */
function runtimeOver(
  store: Store,
  config: IpetConfig,
  options: Required<Pick<RuntimeOptions, 'limiter' | 'logger'>>,
): Runtime {
  const pending: ModelUsageRecord[] = [];
  const models = createModels(
    {
      language: config.language,
      embedding: config.embedding,
      limits: {
        maxConcurrency: config.llm.maxConcurrency,
        firstTokenTimeoutMs: config.llm.firstTokenTimeoutMs,
        totalTimeoutMs: config.llm.totalTimeoutMs,
        maxRetries: config.llm.maxRetries,
      },
    },
    { logger: options.logger, limiter: options.limiter, onUsage: (record) => pending.push(record) },
  );
  const flushUsage = async () => {
    const batch = pending.splice(0);
    if (batch.length > 0) await store.usage.record(batch);
  };
  return {
    config,
    store,
    models,
    clock: systemClock,
    ids: randomIds,
    logger: options.logger,
    language() {
      if (!models.language) throw new Error('no language model');
      return models.language;
    },
    flushUsage,
    async close() {
      await flushUsage();
      await models.close();
      await store.close();
    },
  };
}
