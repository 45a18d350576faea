import {
  type ChatWiringOptions,
  chatDeps,
  dayDeps,
  type Env,
  loadConfig,
  openRuntime,
  type Runtime,
} from '../../src/app/index.ts';
import { fixedClock } from '../../src/core/clock.ts';
import type { Memory, Pet, User } from '../../src/core/entities.ts';
import { localDate } from '../../src/core/time.ts';
import type { ChatDeps } from '../../src/dialogue/index.ts';
import { expiryFor } from '../../src/memory/index.ts';
import { createPet, createUser } from '../../src/profiles/index.ts';
import { createTurnLimiter } from '../../src/safety/index.ts';
import { dayFor } from '../../src/world/index.ts';
import { memoryCategory, memoryText } from './memory-texts.ts';
import { BENCH_PET, benchUser } from './persona.ts';
import type { Rng } from './rng.ts';

/**
 * Every in-process benchmark starts at this instant, on a clock that moves only when the benchmark moves it:
 * the same day and schedule on every run, and turns spaced like a conversation (TURN_GAP_MS).
 */
export const BENCH_NOW = '2026-05-01T13:30:00Z';
/** Time between two chat turns of a pair on the benchmark clock. */
export const TURN_GAP_MS = 20_000;

export type BenchClock = ReturnType<typeof fixedClock>;
const DAY_MS = 86_400_000;

/** Environment for `loadConfig`: the store of `base`, the simulator as model and embedder. */
export function simEnv(simUrl: string, base: Record<string, string>, extra: Env = {}): Env {
  return {
    ...base,
    IPET_LLM_BASE_URL: simUrl,
    IPET_LLM_MODEL: 'ipet-sim',
    IPET_EMBED_MODEL: 'ipet-sim-embed',
    IPET_LOG_LEVEL: 'error',
    ...extra,
  };
}

export async function openBenchRuntime(env: Env): Promise<{ rt: Runtime; clock: BenchClock }> {
  const clock = fixedClock(BENCH_NOW);
  return { rt: await openRuntime(loadConfig(env), { clock }), clock };
}

export interface Pair {
  user: User;
  pet: Pet;
}

export async function createPair(rt: Runtime, i: number): Promise<Pair> {
  const deps = { users: rt.store.users, pets: rt.store.pets, clock: rt.clock, ids: rt.ids };
  const user = await createUser(deps, benchUser(i));
  const pet = await createPet(deps, { ownerId: user.id, profile: BENCH_PET });
  return { user, pet };
}

/**
 * Gives the pair `count` active memories embedded by the runtime's embedder (the simulator, over HTTP),
 * inserted in batches, then makes sure the vector index exists, as an import does.
 */
export async function addMemories(rt: Runtime, pair: Pair, count: number, rng: Rng): Promise<void> {
  const now = rt.clock.now().getTime();
  const model = rt.models.embedder.id;
  for (let offset = 0; offset < count; offset += 500) {
    const memories: Memory[] = [];
    for (let i = offset; i < Math.min(count, offset + 500); i++) {
      const category = memoryCategory(rng);
      const maxAgeDays = { permanent: 365, long_term: 85, short_term: 28 }[category];
      const at = new Date(now - rng.int(maxAgeDays * 24) * (DAY_MS / 24));
      memories.push({
        id: rt.ids('mem'),
        userId: pair.user.id,
        petId: pair.pet.id,
        text: memoryText(rng),
        category,
        occurredAt: at,
        createdAt: at,
        expiresAt: expiryFor(category, { recordedAt: at, occurredAt: at }),
        supersededAt: null,
        supersededById: null,
        sourceSessionId: null,
        externalId: null,
        embeddingModel: model,
        subject: 'user',
        kind: null,
        dueOn: null,
      });
    }
    const vectors = await rt.models.embedder.embed(
      memories.map((m) => m.text),
      { purpose: 'embed', userId: pair.user.id, petId: pair.pet.id },
    );
    await rt.store.memories.insert(
      memories.map((memory, i) => ({ memory, embedding: { vector: vectors[i] ?? [], model } })),
    );
  }
  await rt.store.memories.ensureVectorIndex(model, await rt.models.embedder.dimensions());
}

/** Today's world day of the pet (generated through the simulator with the default method). */
export async function addDay(rt: Runtime, pair: Pair) {
  const date = localDate(rt.clock.now(), pair.user.timezone);
  return dayFor(dayDeps(rt), { pet: pair.pet, user: pair.user, date });
}

/**
 * The server's chat wiring, with a turn limiter that lets every turn through: under the fixed benchmark
 * clock the default bucket would never refill. The limiter still takes every turn (with its opening rows).
 */
export function benchChatDeps(rt: Runtime, wiring: ChatWiringOptions = {}): ChatDeps {
  const limiter = createTurnLimiter(
    { burst: 1e9, perMinute: 1e9, dailyTurns: null },
    { limits: rt.store.limits, now: () => rt.clock.now() },
  );
  return chatDeps(rt, { extractOnClose: false, ...wiring, safety: { limiter, ...wiring.safety } });
}
