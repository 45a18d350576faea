import type { Pet, PetRepository } from '../../core/index.ts';
import { ConflictError, NotFoundError, petProfileSchema } from '../../core/index.ts';
import { readProfile } from '../../store/index.ts';
import { byText, constraintError, copy, dropPet, json, sorted, type Tables, time } from './tables.ts';

function readPet(row: Pet): Pet {
  const pet = copy(row);
  return { ...pet, profile: readProfile(petProfileSchema, pet.profile) };
}

const byCreation = (a: Pet, b: Pet) => time(a.createdAt) - time(b.createdAt) || byText(a.id, b.id);

export function petRepository(t: Tables): PetRepository {
  return {
    async create(pet) {
      if (t.pets.has(pet.id)) throw new ConflictError(`pet ${pet.id} already exists`);
      if (!t.users.has(pet.ownerId)) throw new NotFoundError('user', pet.ownerId);
      t.pets.set(pet.id, {
        id: pet.id,
        ownerId: pet.ownerId,
        profile: json(pet.profile),
        extensions: json(pet.extensions ?? {}),
        createdAt: new Date(pet.createdAt),
        updatedAt: new Date(pet.updatedAt),
      });
      return readPet(t.pets.get(pet.id)!);
    },

    async get(id) {
      const row = t.pets.get(id);
      return row ? readPet(row) : null;
    },

    async getOwned(ownerId, id) {
      const row = t.pets.get(id);
      return row && row.ownerId === ownerId ? readPet(row) : null;
    },

    async listByOwner(ownerId) {
      return sorted(t.pets.values(), byCreation)
        .filter((p) => p.ownerId === ownerId)
        .map(readPet);
    },

    async listAll() {
      return sorted(t.pets.values(), byCreation).map(readPet);
    },

    async update(pet) {
      const row = t.pets.get(pet.id);
      if (!row || row.ownerId !== pet.ownerId) return null;
      row.profile = json(pet.profile);
      row.extensions = json(pet.extensions);
      row.updatedAt = new Date(pet.updatedAt);
      return readPet(row);
    },

    async delete(ownerId, id) {
      if (t.pets.get(id)?.ownerId !== ownerId) return false;
      dropPet(t, id);
      return true;
    },

    async getMood(petId, userId) {
      const mood = t.moods.get(`${petId}/${userId}`);
      return mood ? copy(mood) : null;
    },

    async setMood(mood) {
      if (!(mood.intensity >= 0 && mood.intensity <= 1)) {
        throw constraintError('pets.setMood', 'check', 'pet_moods', 'pet_moods_intensity_range');
      }
      if (!t.pets.has(mood.petId) || !t.users.has(mood.userId)) {
        throw constraintError('pets.setMood', 'foreign_key', 'pet_moods', 'pet_moods_pet_id_pets_id_fk');
      }
      const { petId, userId, emotion, intensity, updatedAt } = mood;
      t.moods.set(`${petId}/${userId}`, {
        petId,
        userId,
        emotion,
        intensity,
        updatedAt: new Date(updatedAt),
      });
    },
  };
}
