import type { FriendRepository, Pet } from '../core/index.ts';
import { createPet, getPet, type ProfileDeps } from '../profiles/index.ts';
import type { CardSpec, JsonObject } from './card/types.ts';
import { type CardFormat, type ExportedCard, type ExportSpec, exportCard } from './export-card.ts';
import { importCard } from './import-card.ts';

export interface PetCardImport {
  pet: Pet;
  spec: CardSpec;
  from: 'png' | 'json';
  loreEntries: number;
  warnings: string[];
}

/**
 * Creates a pet for `ownerId` from a character card (PNG or JSON bytes, JSON text, or a parsed object).
 * The card is read and checked completely before the pet is created, so a rejected file creates nothing.
 * `kind` overrides the profile's kind (cards have no such field; the default is "character").
 */
export async function importPetCard(
  deps: ProfileDeps,
  input: { ownerId: string; file: Uint8Array | string | JsonObject; kind?: string },
): Promise<PetCardImport> {
  const imported = importCard(input.file);
  const profile = input.kind ? { ...imported.profile, kind: input.kind } : imported.profile;
  const pet = await createPet(deps, { ownerId: input.ownerId, profile, extensions: imported.extensions });
  return {
    pet,
    spec: imported.spec,
    from: imported.from,
    loreEntries: imported.loreEntries,
    warnings: imported.warnings,
  };
}

/** The pet (owned by `ownerId` when given) as a card file; its friends' names go to `extensions.ipet`. */
export async function exportPetCard(
  deps: Pick<ProfileDeps, 'pets'> & { friends?: Pick<FriendRepository, 'friendsOf'> },
  input: { petId: string; ownerId?: string; format: CardFormat; spec?: ExportSpec },
): Promise<ExportedCard & { pet: Pet }> {
  const pet = await getPet(deps, input.petId, input.ownerId === undefined ? {} : { ownerId: input.ownerId });
  const friends = deps.friends ? (await deps.friends.friendsOf(pet.id)).map((f) => f.name) : [];
  const exported = exportCard(pet, {
    format: input.format,
    ...(input.spec ? { spec: input.spec } : {}),
    friends,
  });
  return { ...exported, pet };
}
