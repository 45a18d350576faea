import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { EXT_KEYS, exportPetCard, importCard, importPetCard } from '../../cards/index.ts';
import { petProfileSchema, ValidationError } from '../../core/index.ts';
import { greetingFor } from '../../dialogue/index.ts';
import type { ServerContext } from '../context.ts';
import { petJson, petParams } from '../schemas.ts';
import { petView } from '../views.ts';

/** Largest card file accepted for import (a PNG with a large avatar; the card JSON inside has its own cap). */
export const MAX_CARD_FILE_BYTES = 16 * 1024 * 1024;

/** Media types a card upload may be sent as; the bytes decide whether it is read as PNG or JSON. */
export const CARD_MEDIA_TYPES = ['image/png', 'application/json', 'application/octet-stream'] as const;

export const cardImportResponse = z.object({
  pet: petJson,
  spec: z.enum(['v1', 'v2', 'v3']).describe('the card spec the file was written in'),
  from: z.enum(['png', 'json']),
  loreEntries: z.number().int().describe('entries of the embedded lorebook, kept with the pet'),
  warnings: z.array(z.string()).describe('what was cut or dropped while importing'),
});

export const cardPreviewResponse = z.object({
  profile: petProfileSchema.describe('the profile the pet would get (macros kept as written)'),
  greeting: z.string().describe('the first chat message, as the caller would read it (macros resolved)'),
  spec: z.enum(['v1', 'v2', 'v3']),
  from: z.enum(['png', 'json']),
  loreEntries: z.number().int(),
  portrait: z.boolean().describe("the card's image would become the pet's portrait"),
  warnings: z.array(z.string()),
});

export const cardExportQuery = z.object({
  format: z.enum(['png', 'json']).default('png'),
  spec: z
    .enum(['v2', 'v3'])
    .optional()
    .describe('JSON only (a PNG carries both); default: the spec the pet was imported with, else v3'),
});

/**
 * Body parsers for the card routes: every accepted type arrives as raw bytes (a Buffer), so the cards module
 * reads and checks the file itself. Call on the encapsulated scope the card routes live in, never on the
 * root app (other routes keep answering 415 for PNG bodies and parsing JSON the usual way).
 */
export function acceptCardFiles(scope: FastifyInstance): void {
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser([...CARD_MEDIA_TYPES], { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });
}

/** ASCII file name for `content-disposition`, with the exact name in `filename*` (RFC 6266 / 5987). */
export function attachment(name: string, extension: string): string {
  const ascii =
    name
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9._ -]+/g, '')
      .trim()
      .replace(/\s+/g, '_')
      .slice(0, 80) || 'card';
  const exact = encodeURIComponent(`${name}.${extension}`).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}.${extension}"; filename*=UTF-8''${exact}`;
}

/**
 * Character cards (issue 10): import a PNG or JSON card as a new pet of the caller, export a pet as a card.
 * Register inside a scope prepared by `acceptCardFiles`.
 */
export function registerCardRoutes(ctx: ServerContext): void {
  const { rt, router } = ctx;
  const profileDeps = { users: rt.store.users, pets: rt.store.pets, clock: rt.clock, ids: rt.ids };

  router.route({
    method: 'POST',
    url: '/api/v1/pets/import',
    operationId: 'importPetCard',
    tag: 'pets',
    summary: 'Create a pet from a character card file (V1/V2/V3, PNG or JSON)',
    description:
      'The request body is the raw file, sent as `image/png` or `application/json` (up to 16 MiB). ' +
      'The whole card is checked before anything is stored: a malformed, oversized or hostile file ' +
      'answers 400 and creates nothing.',
    access: 'user',
    bodyLimit: MAX_CARD_FILE_BYTES,
    status: 201,
    response: cardImportResponse,
    async handler({ caller, request }) {
      const file = request.body;
      if (!(file instanceof Uint8Array) || file.length === 0) {
        throw new ValidationError('character card rejected: the request body is empty', [
          { path: 'file', message: 'is required' },
        ]);
      }
      const imported = await importPetCard(profileDeps, { ownerId: caller.user.id, file });
      return { ...imported, pet: petView(imported.pet) };
    },
  });

  router.route({
    method: 'POST',
    url: '/api/v1/cards/preview',
    operationId: 'previewPetCard',
    tag: 'pets',
    summary: 'What importing a character card would create, without creating anything (the review step)',
    description:
      'Same body and checks as `POST /api/v1/pets/import`; answers the profile, the greeting, the lore entry ' +
      'count and whether the card carries a portrait. Nothing is stored.',
    access: 'user',
    bodyLimit: MAX_CARD_FILE_BYTES,
    response: cardPreviewResponse,
    async handler({ caller, request }) {
      const file = request.body;
      if (!(file instanceof Uint8Array) || file.length === 0) {
        throw new ValidationError('character card rejected: the request body is empty', [
          { path: 'file', message: 'is required' },
        ]);
      }
      const card = importCard(file);
      return {
        profile: card.profile,
        greeting: greetingFor({ profile: card.profile }, caller.user),
        spec: card.spec,
        from: card.from,
        loreEntries: card.loreEntries,
        portrait: typeof card.extensions[EXT_KEYS.avatar] === 'string',
        warnings: card.warnings,
      };
    },
  });

  router.route({
    method: 'GET',
    url: '/api/v1/pets/:petId/card',
    operationId: 'exportPetCard',
    tag: 'pets',
    summary: 'The pet as a character card file (PNG with `chara` and `ccv3` chunks, or V2/V3 JSON)',
    access: 'user',
    params: petParams,
    query: cardExportQuery,
    response: z.record(z.string(), z.unknown()).describe('the card (format=json)'),
    produces: { type: 'image/png', description: 'the card file, as an attachment' },
    async handler({ caller, params, query, reply }) {
      const exported = await exportPetCard(
        { pets: rt.store.pets, friends: rt.store.friends },
        {
          petId: params.petId,
          ownerId: caller.user.id,
          format: query.format,
          ...(query.spec ? { spec: query.spec } : {}),
        },
      );
      return reply
        .header('content-type', exported.mediaType)
        .header('content-disposition', attachment(exported.pet.profile.name, query.format))
        .send(Buffer.from(exported.bytes));
    },
  });
}
