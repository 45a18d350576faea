import { and, desc, eq } from 'drizzle-orm';
import type { TokenRepository } from '../core/index.ts';
import { ConflictError, lastUseIsStale } from '../core/index.ts';
import { type Db, isUniqueViolation } from './db.ts';
import { users, userTokens } from './schema.ts';
import { toUser } from './user-repository.ts';

export function createTokenRepository(db: Db): TokenRepository {
  return {
    async create(token) {
      try {
        const [row] = await db
          .insert(userTokens)
          .values({ ...token, expiresAt: token.expiresAt ?? null, lastUsedAt: null })
          .returning();
        return row!;
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError('token already exists', { cause: error });
        throw error;
      }
    },

    async findUser(tokenHash, at) {
      // One read per request; the last-use write only when the recorded one is older than the interval.
      const [found] = await db
        .select({
          user: users,
          tokenId: userTokens.id,
          lastUsedAt: userTokens.lastUsedAt,
          expiresAt: userTokens.expiresAt,
        })
        .from(userTokens)
        .innerJoin(users, eq(users.id, userTokens.userId))
        .where(eq(userTokens.tokenHash, tokenHash));
      if (!found) return null;
      if (found.expiresAt !== null && found.expiresAt.getTime() <= at.getTime()) return null;
      if (lastUseIsStale(found.lastUsedAt, at)) {
        await db.update(userTokens).set({ lastUsedAt: at }).where(eq(userTokens.id, found.tokenId));
      }
      return toUser(found.user);
    },

    list(userId) {
      return db
        .select()
        .from(userTokens)
        .where(eq(userTokens.userId, userId))
        .orderBy(desc(userTokens.createdAt), desc(userTokens.id));
    },

    async revokeById(userId, tokenId) {
      const rows = await db
        .delete(userTokens)
        .where(and(eq(userTokens.userId, userId), eq(userTokens.id, tokenId)))
        .returning({ id: userTokens.id });
      return rows.length > 0;
    },

    async revoke(userId, tokenHash) {
      const rows = await db
        .delete(userTokens)
        .where(and(eq(userTokens.userId, userId), eq(userTokens.tokenHash, tokenHash)))
        .returning({ id: userTokens.id });
      return rows.length > 0;
    },

    async setRecoveryHash(userId, recoveryCodeHash) {
      try {
        const rows = await db
          .update(users)
          .set({ recoveryCodeHash })
          .where(eq(users.id, userId))
          .returning({ id: users.id });
        return rows.length > 0;
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError('recovery code already exists', { cause: error });
        throw error;
      }
    },

    async findByRecoveryHash(recoveryCodeHash) {
      const [row] = await db.select().from(users).where(eq(users.recoveryCodeHash, recoveryCodeHash));
      return row?.recoveryCodeHash ? { user: toUser(row), recoveryCodeHash: row.recoveryCodeHash } : null;
    },

    async findByExternalId(externalId) {
      const [row] = await db.select().from(users).where(eq(users.externalId, externalId));
      return row ? toUser(row) : null;
    },

    async linkExternalId(userId, externalId) {
      try {
        await db.update(users).set({ externalId }).where(eq(users.id, userId));
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError('external identity already linked', { cause: error });
        throw error;
      }
    },

    async revokeAll(userId) {
      const rows = await db
        .delete(userTokens)
        .where(eq(userTokens.userId, userId))
        .returning({ id: userTokens.id });
      return rows.length;
    },
  };
}
