import type {
  Clock,
  Logger,
  MemoryRepository,
  PetRepository,
  UsageRepository,
  UserRepository,
  WorldRepository,
} from '../core/index.ts';
import type { CloseAndExtractDeps, ReflectDeps } from '../memory/index.ts';
import type { PlanDeps } from '../proactive/index.ts';
import type { DayForDeps, FriendPoolDeps } from '../world/index.ts';

/**
 * What the nightly use cases need, built by the composition root (`src/app`, `nightlyDeps`). The memory
 * and world dependencies hold the language model, so they are built when a step needs them: a missing
 * model fails that step (a configuration error, dead-lettered), not the plan or a status read.
 */
export interface NightlyDeps {
  store: {
    users: Pick<UserRepository, 'get' | 'list'>;
    pets: Pick<PetRepository, 'getOwned' | 'listAll'>;
    worlds: Pick<WorldRepository, 'getDay'>;
    memories: Pick<MemoryRepository, 'sweepExpired'>;
    usage: Pick<UsageRepository, 'summary'>;
  };
  clock: Clock;
  logger: Logger;
  /** Open sessions without a message for this long are closed before extraction. */
  sessionIdleMinutes: number;
  /**
   * Memory extraction's dependencies (closing idle sessions, extracting closed ones). With a signal, every
   * model call they make is aborted when it aborts (a pair job out of its night's budget).
   */
  extraction(signal?: AbortSignal): CloseAndExtractDeps;
  /** The world's dependencies for building a day; `signal` as for `extraction`. */
  world(signal?: AbortSignal): DayForDeps;
  /**
   * The planner of the messages the pet starts (`signal` as for `extraction`); without it, no messages are
   * planned.
   */
  proactive?(signal?: AbortSignal): PlanDeps;
  /**
   * The reflections' dependencies (`signal` as for `extraction`); without them, the night makes none (the
   * day reads the earlier ones).
   */
  reflection?(signal?: AbortSignal): ReflectDeps;
  /** The friend pool's dependencies (the model is read only when the pool must be generated). */
  friendPool(): FriendPoolDeps;
  /** Writes buffered model usage records, so that a job can read its calls and tokens back. */
  flushUsage(): Promise<void>;
}
