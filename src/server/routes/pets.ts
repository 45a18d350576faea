import { z } from 'zod';
import { friendPoolDeps } from '../../app/index.ts';
import { portraitOf, withPortrait } from '../../cards/index.ts';
import { NotFoundError } from '../../core/index.ts';
import { baselineMood, DEFAULT_CHAT_OPTIONS, decayMood, greetingFor } from '../../dialogue/index.ts';
import { createPet, listPets, updatePet } from '../../profiles/index.ts';
import { ensureFriendPool, friendsForPet } from '../../world/index.ts';
import { ownedPet, type ServerContext } from '../context.ts';
import {
  deletedResponse,
  friendsResponse,
  messagesQuery,
  messagesResponse,
  moodJson,
  petCreateBody,
  petParams,
  petPatchBody,
  petResponse,
  petsResponse,
} from '../schemas.ts';
import { friendView, messageView, petView } from '../views.ts';

export const greetingResponse = z.object({
  text: z.string().describe('the greeting, with {{char}} and {{user}} resolved'),
});

/** The caller's pets: profiles, friends, mood and message history. */
export function registerPetRoutes(ctx: ServerContext): void {
  const { rt, router } = ctx;
  const profileDeps = { users: rt.store.users, pets: rt.store.pets, clock: rt.clock, ids: rt.ids };

  router.route({
    method: 'GET',
    url: '/api/v1/pets',
    operationId: 'listPets',
    tag: 'pets',
    summary: "The caller's pets",
    access: 'user',
    response: petsResponse,
    async handler({ caller }) {
      return { pets: (await listPets(profileDeps, caller.user.id)).map(petView) };
    },
  });

  router.route({
    method: 'POST',
    url: '/api/v1/pets',
    operationId: 'createPet',
    tag: 'pets',
    summary: 'Create a pet from a profile (only name and kind are required)',
    access: 'user',
    body: petCreateBody,
    bodyName: 'pet profile',
    status: 201,
    response: petResponse,
    async handler({ caller, body }) {
      const { extensions, ...profile } = body;
      const pet = await createPet(profileDeps, {
        ownerId: caller.user.id,
        profile,
        ...(extensions ? { extensions } : {}),
      });
      return { pet: petView(pet) };
    },
  });

  router.route({
    method: 'GET',
    url: '/api/v1/pets/:petId',
    operationId: 'getPet',
    tag: 'pets',
    summary: 'One of the caller’s pets',
    access: 'user',
    params: petParams,
    response: petResponse,
    async handler({ caller, params }) {
      return { pet: petView(await ownedPet(ctx, caller, params.petId)) };
    },
  });

  router.route({
    method: 'PATCH',
    url: '/api/v1/pets/:petId',
    operationId: 'updatePet',
    tag: 'pets',
    summary: "Change a pet's profile (fields left out keep their value)",
    access: 'user',
    params: petParams,
    body: petPatchBody,
    bodyName: 'pet profile',
    response: petResponse,
    async handler({ caller, params, body }) {
      const { extensions, ...profile } = body;
      // The portrait has its own route: replacing the extensions keeps it.
      const stored = extensions ? await ownedPet(ctx, caller, params.petId) : null;
      const pet = await updatePet(profileDeps, {
        petId: params.petId,
        ownerId: caller.user.id,
        profile,
        ...(extensions && stored ? { extensions: withPortrait(extensions, portraitOf(stored)) } : {}),
      });
      return { pet: petView(pet) };
    },
  });

  router.route({
    method: 'DELETE',
    url: '/api/v1/pets/:petId',
    operationId: 'deletePet',
    tag: 'pets',
    summary: 'Delete a pet with its chats, memories and days',
    access: 'user',
    params: petParams,
    response: deletedResponse,
    async handler({ caller, params }) {
      if (!(await rt.store.pets.delete(caller.user.id, params.petId))) {
        throw new NotFoundError('pet', params.petId);
      }
      return { deleted: 1 };
    },
  });

  router.route({
    method: 'GET',
    url: '/api/v1/pets/:petId/greeting',
    operationId: 'petGreeting',
    tag: 'chat',
    summary: "The pet's first words to the caller (the card's greeting, macros resolved)",
    description:
      'What the first chat turn stores as the opening message when the caller has not chatted with the pet ' +
      'yet; apps show it before the user writes.',
    access: 'user',
    params: petParams,
    response: greetingResponse,
    async handler({ caller, params }) {
      const pet = await ownedPet(ctx, caller, params.petId);
      return { text: greetingFor(pet, caller.user) };
    },
  });

  router.route({
    method: 'GET',
    url: '/api/v1/pets/:petId/friends',
    operationId: 'petFriends',
    tag: 'pets',
    summary: "The pet's friends (drawn once from the shared friend pool, generated on first need)",
    access: 'user',
    params: petParams,
    response: friendsResponse,
    async handler({ caller, params }) {
      const pet = await ownedPet(ctx, caller, params.petId);
      let friends = await rt.store.friends.friendsOf(pet.id);
      if (friends.length === 0) {
        if ((await rt.store.friends.listPool()).length === 0) {
          await ctx.limits.generate(caller);
          await ensureFriendPool(friendPoolDeps(rt), caller.user.locale);
        }
        friends = await friendsForPet({ friends: rt.store.friends }, pet);
      }
      return { friends: friends.map(friendView) };
    },
  });

  router.route({
    method: 'GET',
    url: '/api/v1/pets/:petId/mood',
    operationId: 'petMood',
    tag: 'pets',
    summary: "The pet's mood toward the caller now (decays back to its baseline over time)",
    access: 'user',
    params: petParams,
    response: moodJson,
    async handler({ caller, params }) {
      const pet = await ownedPet(ctx, caller, params.petId);
      const stored = await rt.store.pets.getMood(pet.id, caller.user.id);
      const baseline = baselineMood(pet);
      const mood = decayMood(stored, baseline, rt.clock.now(), DEFAULT_CHAT_OPTIONS.moodHalfLifeMs);
      return {
        emotion: mood.emotion,
        intensity: mood.intensity,
        baseline,
        updatedAt: stored ? stored.updatedAt.toISOString() : null,
      };
    },
  });

  router.route({
    method: 'GET',
    url: '/api/v1/pets/:petId/messages',
    operationId: 'petMessages',
    tag: 'chat',
    summary: 'The last messages between the caller and the pet, oldest first',
    description:
      'Across sessions (each message names its session). Page back with `before`: the id of the oldest ' +
      'message already shown gives the `limit` messages written before it (an empty page: none left).',
    access: 'user',
    params: petParams,
    query: messagesQuery,
    response: messagesResponse,
    async handler({ caller, params, query }) {
      const pet = await ownedPet(ctx, caller, params.petId);
      const messages = await rt.store.chats.recentMessages(caller.user.id, pet.id, query.limit, query.before);
      return { messages: messages.map(messageView) };
    },
  });
}
