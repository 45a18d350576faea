import { and, asc, eq } from 'drizzle-orm';
import type { Pet, PetRepository } from '../core/index.ts';
import { ConflictError, NotFoundError, petProfileSchema } from '../core/index.ts';
import { type Db, isForeignKeyViolation, isUniqueViolation } from './db.ts';
import { readProfile } from './profile-json.ts';
import { type PetRow, petMoods, pets } from './schema.ts';

export function toPet(row: PetRow): Pet {
  return {
    id: row.id,
    ownerId: row.ownerId,
    profile: readProfile(petProfileSchema, row.profile),
    extensions: row.extensions,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function createPetRepository(db: Db): PetRepository {
  return {
    async create(pet) {
      try {
        const [row] = await db.insert(pets).values(pet).returning();
        return toPet(row!);
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError(`pet ${pet.id} already exists`, { cause: error });
        if (isForeignKeyViolation(error)) throw new NotFoundError('user', pet.ownerId);
        throw error;
      }
    },

    async get(id) {
      const [row] = await db.select().from(pets).where(eq(pets.id, id));
      return row ? toPet(row) : null;
    },

    async getOwned(ownerId, id) {
      const [row] = await db
        .select()
        .from(pets)
        .where(and(eq(pets.id, id), eq(pets.ownerId, ownerId)));
      return row ? toPet(row) : null;
    },

    async listByOwner(ownerId) {
      const rows = await db
        .select()
        .from(pets)
        .where(eq(pets.ownerId, ownerId))
        .orderBy(asc(pets.createdAt), asc(pets.id));
      return rows.map(toPet);
    },

    async listAll() {
      const rows = await db.select().from(pets).orderBy(asc(pets.createdAt), asc(pets.id));
      return rows.map(toPet);
    },

    async update(pet) {
      const [row] = await db
        .update(pets)
        .set({ profile: pet.profile, extensions: pet.extensions, updatedAt: pet.updatedAt })
        .where(and(eq(pets.id, pet.id), eq(pets.ownerId, pet.ownerId)))
        .returning();
      return row ? toPet(row) : null;
    },

    async delete(ownerId, id) {
      const rows = await db
        .delete(pets)
        .where(and(eq(pets.id, id), eq(pets.ownerId, ownerId)))
        .returning({ id: pets.id });
      return rows.length > 0;
    },

    async getMood(petId, userId) {
      const [row] = await db
        .select()
        .from(petMoods)
        .where(and(eq(petMoods.petId, petId), eq(petMoods.userId, userId)));
      return row ?? null;
    },

    async setMood(mood) {
      const { emotion, intensity, updatedAt } = mood;
      await db
        .insert(petMoods)
        .values(mood)
        .onConflictDoUpdate({
          target: [petMoods.petId, petMoods.userId],
          set: { emotion, intensity, updatedAt },
        });
    },
  };
}
