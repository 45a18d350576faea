import { deleteAllMemories, deleteMemory, exportMemories, listMemories } from '../../memory/index.ts';
import type { UserCaller } from '../auth.ts';
import { ownedPet, type ServerContext } from '../context.ts';
import {
  deletedResponse,
  memoriesResponse,
  memoryExportResponse,
  memoryParams,
  petFilterQuery,
} from '../schemas.ts';
import { memoryView } from '../views.ts';

/** What the pets remember about the caller: list, export, delete (one, one pet's, or all). */
export function registerMemoryRoutes(ctx: ServerContext): void {
  const { rt, router } = ctx;
  const deps = { memories: rt.store.memories };

  /** `petId` filter, checked: naming another user's pet is "not found", not an empty list. */
  const petFilter = async (caller: UserCaller, petId: string | undefined) => {
    if (petId === undefined) return {};
    await ownedPet(ctx, caller, petId);
    return { petId };
  };

  router.route({
    method: 'GET',
    url: '/api/v1/memories',
    operationId: 'listMemories',
    tag: 'memories',
    summary: "The caller's active memories, optionally about one pet",
    access: 'user',
    query: petFilterQuery,
    response: memoriesResponse,
    async handler({ caller, query }) {
      const memories = await listMemories(deps, {
        userId: caller.user.id,
        now: rt.clock.now(),
        ...(await petFilter(caller, query.petId)),
      });
      return { memories: memories.map(memoryView) };
    },
  });

  router.route({
    method: 'GET',
    url: '/api/v1/memories/export',
    operationId: 'exportMemories',
    tag: 'memories',
    summary: 'Every memory, superseded and expired ones included, oldest first',
    access: 'user',
    query: petFilterQuery,
    response: memoryExportResponse,
    async handler({ caller, query }) {
      const memories = await exportMemories(deps, {
        userId: caller.user.id,
        now: rt.clock.now(),
        ...(await petFilter(caller, query.petId)),
      });
      return { memories };
    },
  });

  router.route({
    method: 'DELETE',
    url: '/api/v1/memories/:id',
    operationId: 'deleteMemory',
    tag: 'memories',
    summary: 'Delete one memory',
    access: 'user',
    params: memoryParams,
    response: deletedResponse,
    async handler({ caller, params }) {
      await deleteMemory(deps, { userId: caller.user.id, id: params.id });
      return { deleted: 1 };
    },
  });

  router.route({
    method: 'DELETE',
    url: '/api/v1/memories',
    operationId: 'deleteMemories',
    tag: 'memories',
    summary: "Delete all of the caller's memories, or all about one pet (`?petId=`)",
    access: 'user',
    query: petFilterQuery,
    response: deletedResponse,
    async handler({ caller, query }) {
      return deleteAllMemories(deps, { userId: caller.user.id, ...(await petFilter(caller, query.petId)) });
    },
  });
}
