import { type ChatDeps, type ChatInput, chat, type TurnContext } from '../../src/dialogue/index.ts';
import type { SimHandle } from '../../src/sim/index.ts';

/** One chat turn, timed from the call to the end of the stream, with the simulator's share of it. */
export interface TurnSample {
  wallMs: number;
  /** Slot-milliseconds the simulator spent serving this turn's requests (turns run one at a time). */
  simBusyMs: number;
  /** wallMs - simBusyMs: ipet's own time, HTTP to the simulator included. */
  overheadMs: number;
  /** CPU time of this process during the turn (user + system), simulator and PGlite included. */
  cpuMs: number;
  simRequests: number;
  context: TurnContext | null;
  promptTokens: number;
  cachedTokens: number;
}

export async function timedTurn(
  deps: ChatDeps,
  sim: SimHandle,
  input: ChatInput,
  /** Called at the `context` part: the model is called next. */
  onContext?: () => void,
): Promise<TurnSample> {
  const before = sim.stats();
  const cpu = process.cpuUsage();
  const started = performance.now();
  let context: TurnContext | null = null;
  let finished = false;
  for await (const part of chat(deps, input)) {
    if (part.type === 'context') {
      context = part.context;
      onContext?.();
    } else if (part.type === 'error')
      throw new Error(`chat turn failed: ${part.error.code}: ${part.error.message}`);
    else if (part.type === 'finish') finished = true;
  }
  const wallMs = performance.now() - started;
  const cpuMs = cpuSince(cpu);
  const after = sim.stats();
  if (!finished) throw new Error('chat turn ended without a finish part');
  const simBusyMs = after.busyMs - before.busyMs;
  return {
    wallMs,
    simBusyMs,
    overheadMs: wallMs - simBusyMs,
    cpuMs,
    simRequests: after.requests.total - before.requests.total,
    context,
    promptTokens: after.tokens.prompt - before.tokens.prompt,
    cachedTokens: after.tokens.cached - before.tokens.cached,
  };
}

/**
 * The floor under the overhead: what a turn's two simulator calls (embed the message, stream a reply to a
 * prompt of `promptChars`) cost when made directly with fetch, minus the simulator's busy time.
 */
export async function bareRequests(
  sim: SimHandle,
  promptChars: number,
  text: string,
): Promise<{ overheadMs: number; cpuMs: number }> {
  const before = sim.stats();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const embed = await fetch(`${sim.url}/embeddings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'ipet-sim-embed', input: [text] }),
  });
  await embed.arrayBuffer();
  const reply = await fetch(`${sim.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'ipet-sim',
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: 'x'.repeat(Math.max(1, promptChars)) },
        { role: 'user', content: text },
      ],
    }),
  });
  await reply.text();
  const wallMs = performance.now() - started;
  return { overheadMs: wallMs - (sim.stats().busyMs - before.busyMs), cpuMs: cpuSince(cpu) };
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
