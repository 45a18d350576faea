/**
 * The project's OpenAI-compatible model simulator: /v1/models, /v1/chat/completions (whole, streamed,
 * json_schema structured output), /v1/embeddings, plus /sim/stats, /sim/config and /sim/reset.
 *
 * It is a SIMULATOR: replies are deterministic filler and schema-valid JSON, not model quality. With
 * `schemaOnly` it answers from the JSON schema alone, never reading the prompt (see SIM_MODES for tests). Every
 * response says so (`x-ipet-simulator: 1`, `system_fingerprint: "ipet-simulator"`, `owned_by`).
 * Latency, speed, capacity (queueing or 429), injected faults and a prefix cache are configurable so that
 * integration tests and benchmarks exercise the real HTTP provider path. Scripted answers (`scripts`, also
 * through POST /sim/config) answer requests whose last user message holds given strings with a given reply,
 * as a test kit's fake model does: the caller names the strings, the simulator never reads prompt wording.
 *
 * @module
 */

import type { SimOptions } from './options.ts';
import { listen } from './server.ts';
import { createSimContext, type SimClock, systemSimClock } from './sim-context.ts';
import type { SimStats } from './stats.ts';

export { embedText } from './embedding.ts';
export type { FaultKind } from './faults.ts';
export { FAULT_KINDS } from './faults.ts';
export { generateInstance } from './json-schema/generate-instance.ts';
export type { JsonSchema } from './json-schema/schema-types.ts';
export type { ResolvedSimOptions, SimOptions, SimScript } from './options.ts';
export { DEFAULT_SIM_OPTIONS, SimOptionsError } from './options.ts';
export { createRng, type Rng } from './rng.ts';
export type { SimClock } from './sim-context.ts';
export { SIM_MODES, type SimMode } from './sim-modes.ts';
export type { SimStats } from './stats.ts';

export interface SimHandle {
  /** Base URL for OpenAI-compatible clients, e.g. http://127.0.0.1:PORT/v1 */
  url: string;
  port: number;
  stats(): SimStats;
  /** Changes options live (not host/port); throws SimOptionsError for invalid values. */
  configure(patch: Partial<SimOptions>): void;
  /** Clears counters, the prefix cache, and restarts the fault draws from the seed. */
  reset(): void;
  /** Drops every open connection and timer; resolves when the server is closed. */
  close(): Promise<void>;
}

/** Starts the simulator; `clock` is a seam for tests of time-weighted statistics. */
export async function startSimulator(
  options: SimOptions = {},
  clock: SimClock = systemSimClock,
): Promise<SimHandle> {
  const ctx = createSimContext(options, clock);
  const { host, port } = ctx.options;
  const server = await listen(ctx, host, port);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${server.port}/v1`,
    port: server.port,
    stats: () => ctx.stats.snapshot(),
    configure: (patch) => ctx.configure(patch),
    reset: () => ctx.reset(),
    close: () => {
      closing ??= server.close();
      return closing;
    },
  };
}
