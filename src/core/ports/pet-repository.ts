import type { Pet } from '../entities.ts';

/** The pet's mood toward one user: persists across turns, drifts back to baseline over time. */
export interface PetMood {
  petId: string;
  userId: string;
  emotion: string;
  /** 0..1: how strongly the pet feels it. */
  intensity: number;
  updatedAt: Date;
}

export interface PetRepository {
  create(pet: Pet): Promise<Pet>;
  get(id: string): Promise<Pet | null>;
  /** The pet if `ownerId` owns it, else null (never reveals another user's pet). */
  getOwned(ownerId: string, id: string): Promise<Pet | null>;
  listByOwner(ownerId: string): Promise<Pet[]>;
  /** Every pet with its owner id, for the nightly batch. */
  listAll(): Promise<Pet[]>;
  update(pet: Pet): Promise<Pet | null>;
  delete(ownerId: string, id: string): Promise<boolean>;
  getMood(petId: string, userId: string): Promise<PetMood | null>;
  setMood(mood: PetMood): Promise<void>;
}
