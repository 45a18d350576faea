import type { Runtime } from '../../src/app/index.ts';
import type { ModelPurpose } from '../../src/core/entities.ts';
import type { UsageCounter, UsageSnapshot } from '../../src/llm/index.ts';
import { type SimHandle, type SimOptions, startSimulator } from '../../src/sim/index.ts';
import { type BenchClock, openBenchRuntime, simEnv } from './pair-fixture.ts';
import type { BenchContext } from './report.ts';
import { type StoreKind, withScratch } from './stores.ts';

/** A runtime on a throw-away store with an in-process simulator as its models; everything closed after. */
export async function withSimRuntime<T>(
  ctx: BenchContext,
  kind: StoreKind,
  simOptions: SimOptions,
  fn: (rt: Runtime, sim: SimHandle, clock: BenchClock) => Promise<T>,
): Promise<T> {
  return withScratch(kind, ctx.postgresUrl, async (scratch) => {
    const sim = await startSimulator(simOptions);
    try {
      const { rt, clock } = await openBenchRuntime(simEnv(sim.url, scratch.env));
      try {
        return await fn(rt, sim, clock);
      } finally {
        await rt.close();
      }
    } finally {
      await sim.close();
    }
  });
}

export type UsageDelta = Partial<Record<ModelPurpose, UsageCounter>>;

const ZERO: UsageCounter = {
  calls: 0,
  failures: 0,
  inputTokens: 0,
  outputTokens: 0,
  cachedInputTokens: 0,
  totalLatencyMs: 0,
};

/** Model usage per purpose between two snapshots of `rt.models.usage()`. */
export function usageDelta(before: UsageSnapshot, after: UsageSnapshot): UsageDelta {
  const out: UsageDelta = {};
  for (const [purpose, a] of Object.entries(after) as Array<[ModelPurpose, UsageCounter]>) {
    const b = before[purpose] ?? ZERO;
    const d = {
      calls: a.calls - b.calls,
      failures: a.failures - b.failures,
      inputTokens: a.inputTokens - b.inputTokens,
      outputTokens: a.outputTokens - b.outputTokens,
      cachedInputTokens: a.cachedInputTokens - b.cachedInputTokens,
      totalLatencyMs: a.totalLatencyMs - b.totalLatencyMs,
    };
    if (d.calls > 0) out[purpose] = d;
  }
  return out;
}

/** Runs `fn` and returns what it cost in model calls and tokens, per purpose. */
export async function measuredUsage<T>(rt: Runtime, fn: () => Promise<T>): Promise<[T, UsageDelta]> {
  const before = rt.models.usage();
  const value = await fn();
  return [value, usageDelta(before, rt.models.usage())];
}
