import { createLoreSource } from '../cards/index.ts';
import type { ChatSession } from '../core/index.ts';
import { localDate, systemClock } from '../core/index.ts';
import type { ChatDeps, ChatSafety, LoreSource } from '../dialogue/index.ts';
import { type ProductEventDeps, recordProductEvent, worldSimFor } from '../experiments/index.ts';
import { embedderWithAbortSignal, withAbortSignal } from '../llm/index.ts';
import {
  type CloseAndExtractDeps,
  type ExtractionDeps,
  extractSession,
  type ReflectDeps,
  type RetrievalDeps,
  retrieveForDialogue,
} from '../memory/index.ts';
import type { NightlyDeps } from '../nightly/index.ts';
import { createTurnLimiter, type SafetyEvents, type TurnLimiter } from '../safety/index.ts';
import { type DayForDeps, dayContext, type FriendPoolDeps, type WorldDeps } from '../world/index.ts';
import { type CounterBuffer, createCounterBuffer } from './counter-buffer.ts';
import { proactivePlanDeps } from './proactive.ts';
import type { Runtime } from './runtime.ts';

/**
 * The wiring of the paper's modules: which module feeds which (memories and the day into dialogue, closed
 * sessions into memory, recent memories into the world). Each function builds one module's dependencies
 * from the runtime; the use cases themselves live in the modules.
 */
export function retrievalDeps(rt: Runtime): RetrievalDeps {
  return { memories: rt.store.memories, embedder: rt.models.embedder, logger: rt.logger };
}

export function extractionDeps(rt: Runtime): ExtractionDeps & CloseAndExtractDeps {
  return {
    memories: rt.store.memories,
    chats: rt.store.chats,
    users: rt.store.users,
    pets: rt.store.pets,
    model: rt.language(),
    embedder: rt.models.embedder,
    ids: rt.ids,
    logger: rt.logger,
  };
}

export function worldDeps(rt: Runtime): WorldDeps {
  return {
    worlds: rt.store.worlds,
    friends: rt.store.friends,
    model: rt.language(),
    clock: rt.clock,
    ids: rt.ids,
    logger: rt.logger,
  };
}

/** `dayFor`'s dependencies: the world's, the memories memory mode reads and the reflections continuity reads. */
export function dayDeps(rt: Runtime): DayForDeps {
  return { ...worldDeps(rt), memories: rt.store.memories, reflections: rt.store.reflections };
}

/** The nightly reflections' dependencies: the pair's memories, its reflections and the language model. */
export function reflectionDeps(rt: Runtime): ReflectDeps {
  return {
    memories: rt.store.memories,
    reflections: rt.store.reflections,
    model: rt.language(),
    clock: rt.clock,
    ids: rt.ids,
    logger: rt.logger,
  };
}

/** `ensureFriendPool`'s dependencies; the language model is read only when the pool must be generated. */
export function friendPoolDeps(rt: Runtime): FriendPoolDeps {
  return {
    friends: rt.store.friends,
    get model() {
      return rt.language();
    },
    clock: rt.clock,
    ids: rt.ids,
    logger: rt.logger,
  };
}

/** Product events carry the user's arm of the configured A/B experiment (`IPET_EXPERIMENT`). */
export function productEventDeps(rt: Runtime): ProductEventDeps {
  return { events: rt.store.events, clock: rt.clock, logger: rt.logger, experiment: rt.config.experiment };
}

/** The nightly batch's dependencies; memory and world deps are built when a job step needs them. */
export function nightlyDeps(rt: Runtime): NightlyDeps {
  // The batch's model usage joins the shared `/metrics` counters (sampled at each flush).
  countersFor(rt);
  return {
    store: rt.store,
    clock: rt.clock,
    logger: rt.logger,
    sessionIdleMinutes: rt.config.sessionIdleMinutes,
    // With a signal (a pair job's budget), every model call of the step is cut when it aborts.
    extraction: (signal) => {
      const deps = extractionDeps(rt);
      if (!signal) return deps;
      const model = withAbortSignal(rt.language(), signal);
      return { ...deps, model, embedder: embedderWithAbortSignal(deps.embedder, signal) };
    },
    world: (signal) => {
      const deps = dayDeps(rt);
      return signal ? { ...deps, model: withAbortSignal(rt.language(), signal) } : deps;
    },
    reflection: (signal) => {
      const deps = reflectionDeps(rt);
      return signal ? { ...deps, model: withAbortSignal(rt.language(), signal) } : deps;
    },
    friendPool: () => friendPoolDeps(rt),
    proactive: (signal) => proactivePlanDeps(rt, signal),
    flushUsage: () => rt.flushUsage(),
  };
}

export interface ChatWiringOptions {
  /** Extract memories when a session closes (off in one-shot CLI calls, where the process ends at once). */
  extractOnClose?: boolean;
  /** Called when a background extraction settles (tests and the server wait on it). */
  onExtraction?: (promise: Promise<unknown>) => void;
  /** Record the `session_end` product event when a session closes (the server; not one-shot CLI calls). */
  recordEvents?: boolean;
  /** Called with background writes (product events) so the caller can wait on them. */
  track?: (work: Promise<unknown>) => void;
  /** Overrides of the safety defaults (classifier = the chat model, `flagged`, the runtime's counter and limiter). */
  safety?: Partial<ChatSafety>;
}

/** How often a process adds what it counted to the shared `/metrics` counters. */
export const COUNTER_FLUSH_MS = 5_000;

const countersByRuntime = new WeakMap<Runtime, CounterBuffer>();

/**
 * The runtime's `/metrics` counters, written behind to the store's shared counters (or Redis) every
 * `COUNTER_FLUSH_MS`, where every server and worker process adds its own: requests, turns, refusals and
 * safety events as they are counted, and the models' usage totals sampled at each flush. The server closes
 * it (a last flush) when it stops; a worker when it stops.
 */
export function countersFor(rt: Runtime): CounterBuffer {
  let counters = countersByRuntime.get(rt);
  if (!counters) {
    counters = createCounterBuffer(rt.store.counters, {
      intervalMs: COUNTER_FLUSH_MS,
      logger: rt.logger,
      sample: () =>
        Object.entries(rt.models.usage()).flatMap(([purpose, u]) =>
          u
            ? [
                ['ipet_model_calls_total', u.calls],
                ['ipet_model_failures_total', u.failures],
                ['ipet_model_input_tokens_total', u.inputTokens],
                ['ipet_model_output_tokens_total', u.outputTokens],
                ['ipet_model_cached_input_tokens_total', u.cachedInputTokens],
                ['ipet_model_latency_ms_sum', u.totalLatencyMs],
              ].map(([name, value]) => ({
                name: name as string,
                labels: { purpose },
                value: value as number,
              }))
            : [],
        ),
    });
    countersByRuntime.set(rt, counters);
  }
  return counters;
}

/** Stops the runtime's counters with a last flush, when it has any (before the runtime closes). */
export async function flushCounters(rt: Runtime): Promise<void> {
  await countersByRuntime
    .get(rt)
    ?.close()
    .catch((error) => rt.logger.warn('metrics: counters not flushed', { error }));
}

/** Safety events counted by kind in the shared counters (`ipet_safety_events_total{kind}`), never by user. */
export function safetyEventsFor(rt: Runtime): SafetyEvents {
  const counters = countersFor(rt);
  return { record: (event) => counters.add('ipet_safety_events_total', { kind: event.kind }) };
}

const limiterByRuntime = new WeakMap<Runtime, TurnLimiter>();

/**
 * The runtime's safety event counter and per-user turn limiter (`IPET_CHAT_BURST`, `IPET_CHAT_PER_MINUTE`,
 * `DEFAULT_TURN_LIMITS`' daily quota), shared by every turn it serves (the server hands its turns its own
 * limiter, with the same rates unless it was given others). Both live in the store
 * (or Redis): every process counts into the same figures and takes from the same limit per user. The
 * limiter runs on real time, not on `rt.clock`: with `IPET_NOW` the runtime's clock stands still, and a
 * refused user would stay refused.
 */
export function safetyFor(rt: Runtime): { events: SafetyEvents; limiter: TurnLimiter } {
  let limiter = limiterByRuntime.get(rt);
  if (!limiter) {
    const { burst, perMinute } = rt.config.chatLimit;
    limiter = createTurnLimiter({ burst, perMinute }, { limits: rt.store.limits, now: systemClock.now });
    limiterByRuntime.set(rt, limiter);
  }
  return { events: safetyEventsFor(rt), limiter };
}

const loreByRuntime = new WeakMap<Runtime, LoreSource>();

/** The runtime's lore source: its compiled lorebooks (patterns) are cached for every turn it serves. */
function loreFor(rt: Runtime): LoreSource {
  let lore = loreByRuntime.get(rt);
  if (!lore) {
    lore = createLoreSource({ logger: rt.logger });
    loreByRuntime.set(rt, lore);
  }
  return lore;
}

/**
 * The chat turn's dependencies. Build them once per process (or per server) and reuse them for every turn:
 * the caches behind them (compiled lorebooks, prompt files) live as long as they do. The model, the embedder
 * and the options are read from the runtime at each turn, so a model saved in the web app applies at once.
 */
export function chatDeps(rt: Runtime, wiring: ChatWiringOptions = {}): ChatDeps {
  const shared = safetyFor(rt);
  return {
    users: rt.store.users,
    pets: rt.store.pets,
    chats: rt.store.chats,
    get model() {
      return rt.language();
    },
    clock: rt.clock,
    ids: rt.ids,
    logger: rt.logger,
    retrieveMemories: (q) => retrieveForDialogue(retrievalDeps(rt), q),
    dayContext: async ({ user, pet, now, text }) => {
      if (!worldSimFor(rt.config.experiment, user.id)) return null;
      const day = await rt.store.worlds.getDay(pet.id, localDate(now, user.timezone));
      return day ? dayContext(day, now, user.timezone, { query: text }) : null;
    },
    lore: loreFor(rt),
    onSessionClosed: (session: ChatSession) => {
      if (wiring.recordEvents) {
        // The visit ended with its last message, not now (a later turn after the idle gap closes it).
        const at = session.lastMessageAt;
        const base = { userId: session.userId, sessionId: session.id, petId: session.petId, at };
        wiring.track?.(recordProductEvent(productEventDeps(rt), { kind: 'session_end', ...base }));
      }
      if (wiring.extractOnClose === false) return;
      const done = extractSession(extractionDeps(rt), session, { now: rt.clock.now() }).catch((error) =>
        rt.logger.warn('memory extraction after session close failed; the nightly batch will retry', {
          sessionId: session.id,
          error,
        }),
      );
      wiring.onExtraction?.(done);
    },
    get options() {
      return {
        idleGapMs: rt.config.sessionIdleMinutes * 60_000,
        contextWindowTokens: rt.config.llm.contextWindow,
      };
    },
    // The crisis classifier is the chat model, asked on every turn beside the context gathering, on its own
    // short deadline (the patterns decide when it is slow or down); see src/safety.
    safety: {
      get classifier() {
        return rt.language();
      },
      classifyWhen: 'always',
      ...shared,
      ...wiring.safety,
    },
  };
}
