import type { Reflection, ReflectionScope } from '../entities.ts';

export interface NewReflectionVersion {
  petId: string;
  userId: string;
  scope: ReflectionScope;
  periodStart: string;
  periodEnd: string;
  promptVersion: string;
  model: string;
  createdAt: Date;
  items: Array<Pick<Reflection, 'id' | 'topic' | 'text'>>;
}

export interface ReflectionRepository {
  /**
   * Stores one run's items as the pair's next version of the scope. A run for the same period stored before
   * (a retried night) is kept as it was: its items are returned and nothing is written.
   */
  addVersion(input: NewReflectionVersion): Promise<Reflection[]>;
  /** The items of the pair's newest version of the scope (empty when there is none). */
  latest(q: { petId: string; userId: string; scope: ReflectionScope }): Promise<Reflection[]>;
  /** Every version, newest first; all the pet's users' when `userId` is left out. At most `limit` items. */
  list(q: { petId: string; userId?: string; limit?: number }): Promise<Reflection[]>;
}
