import { productEventDeps } from '../../app/index.ts';
import { recordProductEvent } from '../../experiments/index.ts';
import { ownedPet, type ServerContext } from '../context.ts';
import { acceptedResponse, eventBody } from '../schemas.ts';

/**
 * Anonymous product events the web app sees and the server does not: an item's detail opened, a schedule
 * shown from the app's cache. Recorded with ids and kinds only (`date` and `index` are checked, not kept),
 * with the caller's experiment variant; fire and forget, so the answer is 202 before the write.
 */
export function registerEventRoutes(ctx: ServerContext): void {
  ctx.router.route({
    method: 'POST',
    url: '/api/v1/events',
    operationId: 'recordEvent',
    tag: 'events',
    summary: 'Record a product event (a schedule or an item detail was shown)',
    description:
      'For the engagement report (`ipet report engagement`). Only ids: the pet must be the caller’s (404 ' +
      'otherwise); `date` and `index` say what was shown but are not stored. Accepted events are written in ' +
      'the background: a failed write is logged, never reported to the client.',
    access: 'user',
    body: eventBody,
    bodyName: 'event',
    status: 202,
    response: acceptedResponse,
    async handler({ caller, body }) {
      await ctx.limits.events(caller);
      const pet = await ownedPet(ctx, caller, body.petId);
      ctx.track(
        recordProductEvent(productEventDeps(ctx.rt), {
          userId: caller.user.id,
          kind: body.kind,
          petId: pet.id,
        }),
      );
      return { accepted: true as const };
    },
  });
}
