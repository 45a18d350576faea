import type { Memory, Pet, User } from '../../core/index.ts';
import { petProfileSchema, userProfileSchema } from '../../core/index.ts';
import { aMemory, aPet, aUser, type MemoryStore, memoryStore, type Seed, seed } from '../../test/index.ts';

/**
 * The memory tests' rows, made with the test kit's fixtures: Alice (`usr_1`), her cat Mochi (`pet_1`) with a
 * plain profile, and a permanent memory of hers, so that prompts and exports stay short and predictable.
 */

const MARCH_FIRST = new Date('2025-03-01T00:00:00Z');

export function memoryFixture(extra: Partial<Memory> = {}): Memory {
  return aMemory({
    id: 'mem_x',
    text: 'User likes tea',
    category: 'permanent',
    occurredAt: MARCH_FIRST,
    createdAt: MARCH_FIRST,
    expiresAt: null,
    ...extra,
  });
}

export function userFixture(extra: Partial<User> = {}): User {
  return aUser({
    ...userProfileSchema.parse({ name: 'Alice', ageBand: 'adult', interests: ['climbing'] }),
    ...extra,
  });
}

export function petFixture(extra: Partial<Pet> = {}): Pet {
  return aPet({
    profile: petProfileSchema.parse({ name: 'Mochi', kind: 'cat', personality: 'curious and gentle' }),
    ...extra,
  });
}

/** An in-memory store holding Alice and Mochi (and the rows of `extra`, written after them). */
export async function storeWithAlice(extra: Seed = {}): Promise<MemoryStore> {
  const store = memoryStore();
  await seed(store, { users: [userFixture()], pets: [petFixture()] });
  await seed(store, extra);
  return store;
}
