import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  MAX_PORTRAIT_BYTES,
  portraitOf,
  portraitVersion,
  readPortrait,
  withPortrait,
} from '../../cards/index.ts';
import { NotFoundError, ValidationError } from '../../core/index.ts';
import { updatePet } from '../../profiles/index.ts';
import { ownedPet, type ServerContext } from '../context.ts';
import { petParams, petResponse } from '../schemas.ts';
import { petView } from '../views.ts';

/** Media types a portrait upload may be sent as; the magic bytes decide what it is (never SVG). */
export const PORTRAIT_UPLOAD_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/octet-stream'];

export const portraitQuery = z.object({
  v: z.string().max(64).optional().describe('the version in `avatarUrl`; a current one is cached for good'),
});

/** Body parsers for the portrait routes' scope: images arrive as raw bytes. */
export function acceptPortraitFiles(scope: FastifyInstance): void {
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser(PORTRAIT_UPLOAD_TYPES, { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });
}

/**
 * A pet's portrait (issue 20): served to its owner (404 for anyone else), uploaded or replaced (PNG, JPEG or
 * WebP up to 1 MB, checked by its bytes, metadata stripped), removed. `avatarUrl` in the pet view points here.
 * Register inside a scope prepared by `acceptPortraitFiles`.
 */
export function registerPortraitRoutes(ctx: ServerContext): void {
  const { rt, router } = ctx;
  const profileDeps = { users: rt.store.users, pets: rt.store.pets, clock: rt.clock, ids: rt.ids };

  router.route({
    method: 'GET',
    url: '/api/v1/pets/:petId/avatar',
    operationId: 'getPetAvatar',
    tag: 'pets',
    summary: "The pet's portrait as an image (404 when it has none)",
    description:
      'The image in its stored type (PNG, JPEG or WebP). With the current `v` (as in `avatarUrl`) the answer ' +
      'may be cached for a year; without it, it is revalidated (ETag).',
    access: 'user',
    params: petParams,
    query: portraitQuery,
    produces: { type: 'image/png', description: 'the portrait (image/png, image/jpeg or image/webp)' },
    async handler({ caller, params, query, request, reply }) {
      const pet = await ownedPet(ctx, caller, params.petId);
      const portrait = portraitOf(pet);
      const version = portraitVersion(pet);
      if (!portrait || !version) throw new NotFoundError('portrait of pet', pet.id);
      const etag = `"${version}"`;
      reply
        .header('etag', etag)
        .header(
          'cache-control',
          query.v === version ? 'private, max-age=31536000, immutable' : 'private, no-cache',
        )
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('content-disposition', 'inline');
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.status(200).header('content-type', portrait.type).send(Buffer.from(portrait.bytes));
    },
  });

  router.route({
    method: 'PUT',
    url: '/api/v1/pets/:petId/avatar',
    operationId: 'setPetAvatar',
    tag: 'pets',
    summary: "Upload or replace the pet's portrait",
    description:
      'The request body is the raw image, sent as `image/png`, `image/jpeg` or `image/webp` (up to 1 MB). ' +
      'The bytes must be a whole PNG, JPEG or WebP (SVG and anything else answer 400); text chunks and ' +
      'EXIF/XMP metadata are removed before it is stored. Replaces the card image, if any.',
    access: 'user',
    params: petParams,
    bodyLimit: MAX_PORTRAIT_BYTES,
    response: petResponse,
    async handler({ caller, params, request }) {
      const pet = await ownedPet(ctx, caller, params.petId);
      const file = request.body;
      if (!(file instanceof Uint8Array) || file.length === 0) {
        throw new ValidationError('portrait rejected: the request body is empty', [
          { path: 'file', message: 'is required' },
        ]);
      }
      const portrait = readPortrait(file);
      const updated = await updatePet(profileDeps, {
        petId: pet.id,
        ownerId: caller.user.id,
        profile: {},
        extensions: withPortrait(pet.extensions, portrait),
      });
      return { pet: petView(updated) };
    },
  });

  router.route({
    method: 'DELETE',
    url: '/api/v1/pets/:petId/avatar',
    operationId: 'deletePetAvatar',
    tag: 'pets',
    summary: "Remove the pet's portrait (the app shows its initial instead)",
    access: 'user',
    params: petParams,
    response: petResponse,
    async handler({ caller, params }) {
      const pet = await ownedPet(ctx, caller, params.petId);
      const updated = await updatePet(profileDeps, {
        petId: pet.id,
        ownerId: caller.user.id,
        profile: {},
        extensions: withPortrait(pet.extensions, null),
      });
      return { pet: petView(updated) };
    },
  });
}
