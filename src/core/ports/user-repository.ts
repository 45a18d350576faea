import type { User } from '../entities.ts';
import type { UserProfile } from '../profiles.ts';

export interface UserRepository {
  create(user: User): Promise<User>;
  get(id: string): Promise<User | null>;
  list(): Promise<User[]>;
  update(id: string, profile: UserProfile, at: Date): Promise<User | null>;
  /** Deletes the user and, by cascade, their pets, sessions, messages, memories, world days and tokens. */
  erase(id: string): Promise<boolean>;
}
