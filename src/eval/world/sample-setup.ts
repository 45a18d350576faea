import type { FriendProfile, Locale, Memory, Pet, User, WorldMethod, WorldMode } from '../../core/index.ts';
import { fixedClock, localDate } from '../../core/index.ts';
import { expiryFor } from '../../memory/index.ts';
import { generateFriendPool, WORLD_PROMPT_VERSION } from '../../world/index.ts';
import { hashOf } from '../common/json-store.ts';
import { seededRandom, shuffled } from '../common/rng.ts';
import type { WorldSample } from '../common/samples.ts';
import type { WorldEvalDeps, WorldEvalInput } from './run-world-eval.ts';

const DAY_MS = 86_400_000;

/** What a world-evaluation job needs besides the models: the owner, the day, the friends. */
export interface PreparedSample {
  sample: WorldSample;
  slug: string;
  user: User;
  instant: Date;
  date: string;
  friends: FriendProfile[];
}

/**
 * The friend pool F of one language, generated once per output directory and companion model. A model that
 * cannot fill the asked size (it keeps repeating names) gets a smaller pool rather than stopping the run.
 */
export async function friendPool(
  deps: WorldEvalDeps,
  input: WorldEvalInput,
  locale: Locale,
): Promise<FriendProfile[]> {
  const asked = input.friendPoolSize ?? 20;
  const key = `${locale}.${hashOf(deps.companionId, WORLD_PROMPT_VERSION, asked).slice(0, 12)}`;
  const cached = (await deps.cache.read('friends', key)) as FriendProfile[] | undefined;
  if (Array.isArray(cached) && cached.length > 0) {
    return cached.map((f) => ({ ...f, createdAt: new Date(f.createdAt) }));
  }
  const sizes = [...new Set([asked, Math.ceil(asked / 2), Math.min(asked, 5)])];
  let lastError: unknown;
  for (const size of sizes) {
    input.onNote?.(`generating the ${locale} friend pool (${size} profiles, once per output directory)`);
    try {
      const pool = await generateFriendPool(
        {
          friends: deps.store.friends,
          model: deps.companion,
          clock: fixedClock(input.now),
          ids: deps.ids,
          logger: deps.logger,
        },
        { size, locale },
      );
      await deps.cache.write('friends', key, pool);
      return pool;
    } catch (error) {
      lastError = error;
      deps.logger.warn('eval: could not generate the friend pool; trying a smaller one', {
        locale,
        size,
        error,
      });
    }
  }
  throw lastError;
}

export async function prepareSample(
  deps: WorldEvalDeps,
  now: Date,
  sample: WorldSample,
  pools: Map<Locale, FriendProfile[]>,
): Promise<PreparedSample> {
  const instant = new Date(now.getTime() + sample.dayOffset * DAY_MS);
  const slug = sample.id.replace(/[^a-z0-9]+/gi, '_');
  const userId = `usr_eval_${slug}`;
  const user =
    (await deps.store.users.get(userId)) ??
    (await deps.store.users.create({
      ...sample.owner.profile,
      id: userId,
      createdAt: instant,
      updatedAt: instant,
    }));
  const pool = pools.get(sample.locale) ?? [];
  const random = seededRandom(`friends:${sample.id}`);
  const friends = shuffled(pool, random).slice(0, Math.min(pool.length, 3 + Math.floor(random() * 3)));
  return { sample, slug, user, instant, date: localDate(instant, user.timezone), friends };
}

/**
 * Each (mode, method) gets its own copy of the pet: a day is stored once per (pet, date), and jobs of the
 * same sample run concurrently. The copies share the profile and the friends, so only the method differs.
 */
export async function petFor(
  deps: WorldEvalDeps,
  job: PreparedSample & { mode: WorldMode; method: WorldMethod },
): Promise<{ pet: Pet; memories: Memory[] }> {
  const petId = `pet_eval_${job.slug}_${job.mode}_${job.method}`.replaceAll('-', '_');
  const pet =
    (await deps.store.pets.get(petId)) ??
    (await deps.store.pets.create({
      id: petId,
      ownerId: job.user.id,
      profile: job.sample.pet.profile,
      extensions: {},
      createdAt: job.instant,
      updatedAt: job.instant,
    }));
  const memories = job.sample.owner.memories.map((m, i): Memory => {
    const at = new Date(job.instant.getTime() - m.daysAgo * DAY_MS);
    return {
      id: `mem_eval_${pet.id}_${i}`,
      userId: job.user.id,
      petId: pet.id,
      text: m.text,
      category: m.category,
      occurredAt: at,
      createdAt: at,
      expiresAt: expiryFor(m.category, { recordedAt: at, occurredAt: at }),
      supersededAt: null,
      supersededById: null,
      sourceSessionId: null,
      externalId: null,
      embeddingModel: null,
      subject: 'user',
      kind: null,
      dueOn: null,
    };
  });
  return { pet, memories };
}
