import type { LanguageModel } from 'ai';
import type {
  Clock,
  FriendProfile,
  FriendRepository,
  IdGenerator,
  Locale,
  Logger,
  Pet,
} from '../core/index.ts';
import { generateStructured, ModelOutputError } from '../core/index.ts';
import { checkFriendBatch, type FriendBatch, friendBatchSchema } from './prompts/friends.schema.ts';
import { renderWorldPrompt, worldPrompt } from './templates.ts';

/**
 * The friend pool F: LLM-generated characters that become the pets' social network. The pool is shared by
 * all pets; each pet gets a stable subset of it.
 */
export interface FriendPoolDeps {
  friends: FriendRepository;
  model: LanguageModel;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
}

export interface FriendPoolInput {
  size?: number;
  locale?: Locale;
  /** Characters asked for per call. */
  batchSize?: number;
  maxAttempts?: number;
  temperature?: number;
}

/**
 * Generates a new pool of `size` friends in batches (each batch told which names are taken), then replaces
 * the stored pool with it. Replacing also removes every pet's friends; pets get a new subset on next use.
 * When a batch gives no new name, the pool is what the earlier batches gave, if that is enough for a pet
 * (5); otherwise generation fails, and the old pool stays in place.
 */
export async function generateFriendPool(
  deps: FriendPoolDeps,
  input: FriendPoolInput = {},
): Promise<FriendProfile[]> {
  const size = input.size ?? 30;
  const locale = input.locale ?? 'en';
  const batchSize = input.batchSize ?? 10;
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`friend pool size must be >= 1 (got ${size})`);
  const template = worldPrompt('friends', locale);
  const pool: FriendProfile[] = [];
  const maxBatches = 2 * Math.ceil(size / batchSize) + 1;
  let stoppedBy: ModelOutputError | undefined;

  for (let batch = 0; pool.length < size && batch < maxBatches; batch++) {
    const count = Math.min(batchSize, size - pool.length);
    const taken = pool.map((f) => f.name);
    const prompt = renderWorldPrompt(
      template,
      { count, taken: taken.join(', ') },
      { taken: taken.length > 0 },
    );
    let batchResult: FriendBatch;
    try {
      const { object } = await generateStructured({
        model: deps.model,
        schema: friendBatchSchema(count, locale),
        schemaName: 'friend_batch',
        tags: { purpose: 'world' },
        prompt,
        check: checkFriendBatch(taken),
        maxAttempts: input.maxAttempts ?? 3,
        // A batch of up to ~10 short friend profiles.
        maxOutputTokens: 3072,
        temperature: input.temperature ?? 0.9,
      });
      batchResult = object;
    } catch (error) {
      // A model that gives nothing new (it repeats names whatever it is told) will not do better on the
      // next batch: keep what the earlier batches gave, if that is enough (below).
      if (!(error instanceof ModelOutputError) || pool.length === 0) throw error;
      stoppedBy = error;
      break;
    }
    for (const draft of batchResult.friends.slice(0, count)) {
      pool.push({ id: deps.ids('frd'), ...draft, createdAt: deps.clock.now() });
    }
  }
  // A model that keeps repeating names still gives a usable pool: each pet needs only 3-5 friends.
  const enough = Math.min(size, FRIENDS_PER_PET.max);
  if (pool.length < size && pool.length >= enough) {
    deps.logger.warn('friend pool smaller than asked: the model repeated names', {
      size: pool.length,
      asked: size,
      ...(stoppedBy ? { reason: stoppedBy.reason, problems: stoppedBy.problems.length } : {}),
    });
  } else if (pool.length < size) {
    throw new ModelOutputError(
      'world',
      maxBatches,
      [`only ${pool.length} of ${size} friends with distinct names after ${maxBatches} batches`],
      stoppedBy ? { cause: stoppedBy } : {},
    );
  }
  await deps.friends.clearPool();
  await deps.friends.addToPool(pool);
  deps.logger.info('friend pool generated', { size: pool.length, locale, promptVersion: template.id });
  return pool;
}

export const FRIENDS_PER_PET = { min: 3, max: 5 } as const;

/**
 * The pet's friends: assigned once from the pool and stored, so they stay the same day after day (and the
 * user can see who they are). The subset is drawn with a PRNG seeded by the pet id, so assigning again
 * against the same pool gives the same friends. An empty pool gives no friends.
 */
export async function friendsForPet(
  deps: { friends: FriendRepository },
  pet: Pick<Pet, 'id'>,
): Promise<FriendProfile[]> {
  const current = await deps.friends.friendsOf(pet.id);
  if (current.length > 0) return current;
  const pool = await deps.friends.listPool();
  if (pool.length === 0) return [];
  const chosen = pickFriends(pool, pet.id);
  await deps.friends.assign(
    pet.id,
    chosen.map((f) => f.id),
  );
  return chosen;
}

/** Pure: 3-5 friends (fewer if the pool is smaller), a function of the pool's ids and the seed only. */
export function pickFriends<T extends { id: string }>(pool: readonly T[], seed: string): T[] {
  const random = mulberry32(fnv1a(seed));
  const { min, max } = FRIENDS_PER_PET;
  const count = Math.min(pool.length, min + Math.floor(random() * (max - min + 1)));
  const deck = [...pool].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = deck.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [deck[i], deck[j]] = [deck[j]!, deck[i]!];
  }
  return deck.slice(0, count);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
