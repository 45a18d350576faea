import type { FriendProfile, WorldDay } from '../entities.ts';

export interface WorldRepository {
  getDay(petId: string, date: string): Promise<WorldDay | null>;
  /**
   * Inserts the day, or replaces the existing one for (pet, date) when `replace` is set. Without `replace`,
   * an existing day wins and is returned (compare ids to tell).
   */
  saveDay(day: WorldDay, options: { replace: boolean }): Promise<WorldDay>;
  listDays(petId: string, from: string, to: string): Promise<WorldDay[]>;
}

export interface FriendRepository {
  listPool(): Promise<FriendProfile[]>;
  addToPool(friends: FriendProfile[]): Promise<void>;
  /** Removes the whole pool (and every pet's links to it). */
  clearPool(): Promise<void>;
  friendsOf(petId: string): Promise<FriendProfile[]>;
  assign(petId: string, friendIds: string[]): Promise<void>;
}
