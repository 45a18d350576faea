import { z } from 'zod';
import type { Reflection } from '../../core/index.ts';
import { ownedPet, type ServerContext } from '../context.ts';
import { petParams, reflectionJson } from '../schemas.ts';

const reflectionsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();
const reflectionsResponse = z.object({ reflections: z.array(reflectionJson) });

export function reflectionView(r: Reflection): z.infer<typeof reflectionJson> {
  return {
    id: r.id,
    text: r.text,
    createdAt: r.createdAt.toISOString(),
    scope: r.scope,
    topic: r.topic,
    version: r.version,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
  };
}

/** The pet's reflections about its life with the caller (storylines, relationships, what it looks forward to). */
export function registerReflectionRoutes(ctx: ServerContext): void {
  const { rt, router } = ctx;

  router.route({
    method: 'GET',
    url: '/api/v1/pets/:petId/reflections',
    operationId: 'petReflections',
    tag: 'world',
    summary: "The pet's reflections with the caller, newest version first",
    description:
      'Each nightly or weekly run stores its reflections as a new version (older ones stay as history); the ' +
      "newest of each scope guides the pet's next days. Another user's pet answers 404.",
    access: 'user',
    params: petParams,
    query: reflectionsQuery,
    response: reflectionsResponse,
    async handler({ caller, params, query }) {
      const pet = await ownedPet(ctx, caller, params.petId);
      const reflections = await rt.store.reflections.list({
        petId: pet.id,
        userId: caller.user.id,
        limit: query.limit,
      });
      return { reflections: reflections.map(reflectionView) };
    },
  });
}
