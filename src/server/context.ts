import type { Runtime } from '../app/index.ts';
import type { Pet } from '../core/index.ts';
import { getPet } from '../profiles/index.ts';
import type { UserCaller } from './auth.ts';
import type { Metrics } from './metrics.ts';
import type { RateLimits } from './rate-limits.ts';
import type { Router } from './route.ts';
import type { TurnsInFlight } from './turns-in-flight.ts';

/** What every route module receives from buildServer. */
export interface ServerContext {
  rt: Runtime;
  router: Router;
  limits: RateLimits;
  metrics: Metrics;
  version: string;
  openSignup: boolean;
  /** Background work (memory extraction after a session closes) that closing the server waits for. */
  track(work: Promise<unknown>): void;
  /** The chat turns running now: closing the server lets them finish (see `buildServer`). */
  turns: TurnsInFlight;
}

/** The caller's pet; another user's pet is "not found" (its existence is never revealed). */
export function ownedPet(ctx: Pick<ServerContext, 'rt'>, caller: UserCaller, petId: string): Promise<Pet> {
  return getPet({ pets: ctx.rt.store.pets }, petId, { ownerId: caller.user.id });
}
