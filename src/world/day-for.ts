import type { Locale, MemoryRepository, Pet, User, WorldDay, WorldMethod } from '../core/index.ts';
import { recentForWorld } from '../memory/index.ts';
import { type FriendPoolDeps, generateFriendPool } from './friends.ts';
import { generateDay, type WorldDeps } from './generate-day.ts';

export interface DayForDeps extends WorldDeps {
  memories: Pick<MemoryRepository, 'recent'>;
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
 * there are any, up to 10 per tier). The shared friend pool is made first when it does not exist yet.
 */
export async function dayFor(deps: DayForDeps, input: DayForInput): Promise<WorldDay> {
  const recent = await recentForWorld(deps, {
    userId: input.user.id,
    petId: input.pet.id,
    now: deps.clock.now(),
    perCategory: 10,
  });
  const memories = [...recent.permanent, ...recent.long_term, ...recent.short_term];
  await ensureFriendPool(deps, input.user.locale);
  return generateDay(deps, {
    pet: input.pet,
    user: input.user,
    date: input.date,
    memories,
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
