import { dayDeps, productEventDeps } from '../../app/index.ts';
import { localDate, NotFoundError } from '../../core/index.ts';
import { recordProductEvent, worldSimFor } from '../../experiments/index.ts';
import { dayFor } from '../../world/index.ts';
import type { UserCaller } from '../auth.ts';
import { ownedPet, type ServerContext } from '../context.ts';
import { dayJson, dayParams, dayQuery, petParams } from '../schemas.ts';
import { dayView } from '../views.ts';

/**
 * The pet's simulated day (outline, schedule, details), generated on the first request for a date. Serving
 * one records a `schedule_view` product event. Users in the `control` arm of the `world-sim` experiment get
 * no world simulation: 404 `not_found`, and no day is generated.
 */
export function registerDayRoutes(ctx: ServerContext): void {
  const { rt, router } = ctx;

  const day = async (caller: UserCaller, petId: string, date: string, build = true) => {
    const pet = await ownedPet(ctx, caller, petId);
    if (!worldSimFor(rt.config.experiment, caller.user.id)) {
      throw new NotFoundError('day', date, { hint: 'this pet has no simulated days; chat with it instead' });
    }
    const stored = await rt.store.worlds.getDay(pet.id, date);
    if (!stored && !build) {
      throw new NotFoundError('day', date, { hint: 'this day is not made yet; ask without build=false' });
    }
    // Generating costs several model calls: rate-limited; reading a stored day is not.
    if (!stored) await ctx.limits.generate(caller);
    const found = stored ?? (await dayFor(dayDeps(rt), { pet, user: caller.user, date }));
    ctx.track(
      recordProductEvent(productEventDeps(rt), {
        userId: caller.user.id,
        kind: 'schedule_view',
        petId: pet.id,
      }),
    );
    return dayView(found, rt.clock.now(), caller.user.timezone);
  };

  router.route({
    method: 'GET',
    url: '/api/v1/pets/:petId/days/:date',
    operationId: 'petDay',
    tag: 'world',
    summary: "The pet's day on a date (generated on first request)",
    description:
      'Memory mode when the caller has memories with this pet. `current` marks what the pet is doing now ' +
      "in the owner's timezone (only on today's date). `build=false` reads a stored day only.",
    access: 'user',
    params: dayParams,
    query: dayQuery,
    response: dayJson,
    async handler({ caller, params, query }) {
      return day(caller, params.petId, params.date, query.build === 'true');
    },
  });

  router.route({
    method: 'GET',
    url: '/api/v1/pets/:petId/today',
    operationId: 'petToday',
    tag: 'world',
    summary: "The pet's day on the owner's local date",
    access: 'user',
    params: petParams,
    response: dayJson,
    async handler({ caller, params }) {
      return day(caller, params.petId, localDate(rt.clock.now(), caller.user.timezone));
    },
  });
}
