import { createLoreSource } from '../cards/index.ts';
import type { ChatSession, Pet, ProductEventKind, User, WorldMethod } from '../core/index.ts';
import { localDate } from '../core/index.ts';
import type { ChatDeps, ChatSafety } from '../dialogue/index.ts';
// The engagement files, not the eval index: the service does not load the evaluation code.
import { assignVariant, recordEvent } from '../eval/index.ts';
import {
  type CloseAndExtractDeps,
  type ExtractionDeps,
  extractSession,
  type RetrievalDeps,
  recentForWorld,
  retrieveForDialogue,
} from '../memory/index.ts';
import {
  createSafetyEventCounter,
  createTurnLimiter,
  type SafetyEventCounter,
  type TurnLimiter,
} from '../safety/index.ts';
import { dayContext, generateDay, generateFriendPool, type WorldDeps } from '../world/index.ts';
import type { Runtime } from './runtime.ts';

/**
 * The wiring of the paper's modules: which module feeds which (memories and the day into dialogue, closed
 * sessions into memory, recent memories into the world). Each function builds one module's dependencies.
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

const safetyByRuntime = new WeakMap<Runtime, { events: SafetyEventCounter; limiter: TurnLimiter }>();

/**
 * The runtime's safety event counter and per-user turn limiter (`DEFAULT_TURN_LIMITS`), shared by every turn
 * it serves. In memory: counts are per process (`/metrics` can read `events`).
 */
export function safetyFor(rt: Runtime): { events: SafetyEventCounter; limiter: TurnLimiter } {
  let state = safetyByRuntime.get(rt);
  if (!state) {
    state = {
      events: createSafetyEventCounter(),
      limiter: createTurnLimiter({}, { now: () => rt.clock.now() }),
    };
    safetyByRuntime.set(rt, state);
  }
  return state;
}

export function chatDeps(rt: Runtime, wiring: ChatWiringOptions = {}): ChatDeps {
  const model = rt.language();
  const retrieval = retrievalDeps(rt);
  const shared = safetyFor(rt);
  return {
    users: rt.store.users,
    pets: rt.store.pets,
    chats: rt.store.chats,
    model,
    clock: rt.clock,
    ids: rt.ids,
    logger: rt.logger,
    retrieveMemories: (q) => retrieveForDialogue(retrieval, q),
    dayContext: async ({ userId, petId, now, timezone, text }) => {
      if (!worldSimFor(rt, userId)) return null;
      const day = await rt.store.worlds.getDay(petId, localDate(now, timezone));
      return day ? dayContext(day, now, timezone, { query: text }) : null;
    },
    lore: createLoreSource({
      pets: rt.store.pets,
      users: rt.store.users,
      chats: rt.store.chats,
      logger: rt.logger,
    }),
    onSessionClosed: (session: ChatSession) => {
      if (wiring.recordEvents) {
        // The visit ended with its last message, not now (a later turn after the idle gap closes it).
        const at = session.lastMessageAt;
        const base = { userId: session.userId, sessionId: session.id, petId: session.petId, at };
        wiring.track?.(recordProductEvent(rt, { kind: 'session_end', ...base }));
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
    options: {
      idleGapMs: rt.config.sessionIdleMinutes * 60_000,
      contextWindowTokens: rt.config.llm.contextWindow,
    },
    // The crisis classifier is the chat model, asked only when a pattern matched (cost); see src/safety.
    safety: { classifier: model, classifyWhen: 'flagged', ...shared, ...wiring.safety },
  };
}

/** The user's arm of the configured A/B experiment (`IPET_EXPERIMENT`), or null when none runs. */
export function experimentOf(rt: Runtime, userId: string): { experiment: string; variant: string } | null {
  const e = rt.config.experiment;
  if (!e) return null;
  return { experiment: e.name, variant: assignVariant(userId, e.name, e.variants, e.salt) };
}

/**
 * Whether the user gets world simulation: everyone, except the `control` arm of the `world-sim` experiment
 * (the paper's dialogue-only system: no day in chat, and the day routes answer 404).
 */
export function worldSimFor(rt: Runtime, userId: string): boolean {
  if (rt.config.experiment?.name !== 'world-sim') return true;
  return experimentOf(rt, userId)?.variant !== 'control';
}

/**
 * Records one anonymous product event (ids and kinds only) with the user's experiment and variant, at the
 * clock's now unless `at` is given. Fire and forget: the promise never rejects (a failure is logged), so
 * analytics can never fail a request; callers may pass it to a tracker to wait on it.
 */
export function recordProductEvent(
  rt: Runtime,
  event: { userId: string; kind: ProductEventKind; sessionId?: string; petId?: string; at?: Date },
): Promise<void> {
  return Promise.resolve()
    .then(() =>
      recordEvent(rt.store.events, { at: rt.clock.now(), ...event, ...experimentOf(rt, event.userId) }),
    )
    .then(
      () => undefined,
      (error: unknown) => rt.logger.warn('product event not recorded', { kind: event.kind, error }),
    );
}

/** Generates (or returns the stored) day of a pet, in memory mode when the user has memories. */
export async function dayFor(
  rt: Runtime,
  input: {
    pet: Pet;
    user: User;
    date: string;
    mode?: 'normal' | 'memory';
    method?: WorldMethod;
    force?: boolean;
  },
) {
  const recent = await recentForWorld(
    { memories: rt.store.memories },
    { userId: input.user.id, petId: input.pet.id, now: rt.clock.now(), perCategory: 10 },
  );
  const memories = [...recent.permanent, ...recent.long_term, ...recent.short_term];
  await ensureFriendPool(rt, input.user.locale);
  return generateDay(worldDeps(rt), {
    pet: input.pet,
    user: input.user,
    date: input.date,
    memories,
    ...(input.mode ? { mode: input.mode } : {}),
    ...(input.method ? { method: input.method } : {}),
    ...(input.force ? { force: true } : {}),
  });
}

/** The friend pool F is generated once, on first need (size 30), and shared by every pet. */
export async function ensureFriendPool(rt: Runtime, locale: 'en' | 'zh', size = 30): Promise<void> {
  const pool = await rt.store.friends.listPool();
  if (pool.length > 0) return;
  await generateFriendPool(
    { friends: rt.store.friends, model: rt.language(), clock: rt.clock, ids: rt.ids, logger: rt.logger },
    { size, locale },
  );
}
