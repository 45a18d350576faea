import type { NewUser, User } from '../entities.ts';
import type { UserProfile } from '../profiles.ts';

export interface UserRepository {
  create(user: NewUser): Promise<User>;
  get(id: string): Promise<User | null>;
  list(): Promise<User[]>;
  /** Changes the profile only; the training consent keeps its value. */
  update(id: string, profile: UserProfile, at: Date): Promise<User | null>;
  /**
   * Gives or withdraws the training consent. `trainingConsentAt` becomes `at` when the value changes and keeps
   * its earlier time when it is set to what it already was. Null for an unknown id.
   */
  setTrainingConsent(id: string, consent: boolean, at: Date): Promise<User | null>;
  /** Deletes the user and, by cascade, their pets, sessions, messages, memories, world days and tokens. */
  erase(id: string): Promise<boolean>;
}
