import type {
  Locale,
  MemoryRepository,
  Pet,
  ReflectionRepository,
  User,
  WorldDay,
  WorldMethod,
} from '../core/index.ts';
import { MEMORY_CATEGORIES } from '../core/index.ts';
import { loadContinuity } from './continuity.ts';
import { type FriendPoolDeps, generateFriendPool } from './friends.ts';
import { generateDay, type WorldDeps } from './generate-day.ts';

export interface DayForDeps extends WorldDeps {
  memories: Pick<MemoryRepository, 'recent' | 'due'>;
  reflections: Pick<ReflectionRepository, 'latest'>;
}

export interface DayForInput {
  pet: Pet;
  user: User;
  date: string;
  mode?: 'normal' | 'memory';
  method?: WorldMethod;
  force?: boolean;
}

/**
 * The day of a pet: the stored one, or a new one built from the user's recent memories (memory mode when
 * there are any, up to 10 per tier) and the day's continuity: the last days' schedules, the latest
 * reflections and the promises, plans and upcoming events open that day. The shared friend pool is made
 * first when it does not exist yet.
 */
export async function dayFor(deps: DayForDeps, input: DayForInput): Promise<WorldDay> {
  const now = deps.clock.now();
  const pair = { userId: input.user.id, petId: input.pet.id };
  const [continuity, ...tiers] = await Promise.all([
    loadContinuity(deps, { ...pair, date: input.date, now }),
    // M is what the pet knows of the user (the paper's "recent entries", per tier); the pet's own days
    // reach the prompt as the days before, its promises as what is open.
    ...MEMORY_CATEGORIES.map((category) =>
      deps.memories.recent({ ...pair, now, k: 10, categories: [category], subject: 'user' }),
    ),
  ]);
  const memories = tiers.flat();
  await ensureFriendPool(deps, input.user.locale);
  return generateDay(deps, {
    pet: input.pet,
    user: input.user,
    date: input.date,
    memories,
    continuity,
    ...(input.mode ? { mode: input.mode } : {}),
    ...(input.method ? { method: input.method } : {}),
    ...(input.force ? { force: true } : {}),
  });
}

/**
 * The friend pool F is generated once, on first need (size 30), and shared by every pet. The model is read
 * only when the pool has to be generated.
 */
export async function ensureFriendPool(deps: FriendPoolDeps, locale: Locale, size = 30): Promise<void> {
  const pool = await deps.friends.listPool();
  if (pool.length > 0) return;
  await generateFriendPool(deps, { size, locale });
}
