import { asc, eq, sql } from 'drizzle-orm';
import type { FriendRepository } from '../core/index.ts';
import { NotFoundError } from '../core/index.ts';
import { type Db, isForeignKeyViolation } from './db.ts';
import { friends, petFriends } from './schema.ts';

export function createFriendRepository(db: Db): FriendRepository {
  return {
    async listPool() {
      return db.select().from(friends).orderBy(asc(friends.createdAt), asc(friends.id));
    },

    async addToPool(pool) {
      if (pool.length === 0) return;
      await db
        .insert(friends)
        .values(pool)
        .onConflictDoUpdate({
          target: friends.id,
          set: {
            name: sql.raw('excluded."name"'),
            kind: sql.raw('excluded."kind"'),
            personality: sql.raw('excluded."personality"'),
            relationship: sql.raw('excluded."relationship"'),
            description: sql.raw('excluded."description"'),
          },
        });
    },

    async clearPool() {
      await db.delete(friends); // pet_friends rows go by cascade
    },

    async friendsOf(petId) {
      const rows = await db
        .select({ friend: friends })
        .from(petFriends)
        .innerJoin(friends, eq(friends.id, petFriends.friendId))
        .where(eq(petFriends.petId, petId))
        .orderBy(asc(petFriends.position));
      return rows.map((row) => row.friend);
    },

    async assign(petId, friendIds) {
      const ids = [...new Set(friendIds)];
      try {
        await db.transaction(async (tx) => {
          await tx.delete(petFriends).where(eq(petFriends.petId, petId));
          if (ids.length === 0) return;
          await tx
            .insert(petFriends)
            .values(ids.map((friendId, position) => ({ petId, friendId, position })));
        });
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new NotFoundError('pet or friend', petId);
        throw error;
      }
    },
  };
}
