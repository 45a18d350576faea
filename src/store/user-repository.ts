import { asc, eq, sql } from 'drizzle-orm';
import type { NewUser, User, UserRepository } from '../core/index.ts';
import { ConflictError, userProfileSchema } from '../core/index.ts';
import { type Db, isUniqueViolation } from './db.ts';
import { readProfile } from './profile-json.ts';
import { rateLimits, type UserRow, users } from './schema.ts';

export function toUser(row: UserRow): User {
  return {
    ...readProfile(userProfileSchema, row.profile),
    id: row.id,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    trainingConsent: row.trainingConsent,
    trainingConsentAt: row.trainingConsentAt,
  };
}

export function createUserRepository(db: Db): UserRepository {
  return {
    async create(user) {
      // A whole User may be passed back in (e.g. to test a conflict): its consent fields are not profile.
      const {
        id,
        createdAt,
        updatedAt,
        trainingConsent: _c,
        trainingConsentAt: _a,
        ...profile
      } = user as NewUser & Partial<User>;
      try {
        const [row] = await db.insert(users).values({ id, profile, createdAt, updatedAt }).returning();
        return toUser(row!);
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`user ${id} already exists`, { cause: error });
        throw error;
      }
    },

    async get(id) {
      const [row] = await db.select().from(users).where(eq(users.id, id));
      return row ? toUser(row) : null;
    },

    async list() {
      const rows = await db.select().from(users).orderBy(asc(users.createdAt), asc(users.id));
      return rows.map(toUser);
    },

    async update(id, profile, at) {
      const [row] = await db
        .update(users)
        .set({ profile, updatedAt: at })
        .where(eq(users.id, id))
        .returning();
      return row ? toUser(row) : null;
    },

    async setTrainingConsent(id, consent, at) {
      // The time changes with the value only: setting what is already set keeps when it was given/withdrawn.
      const [row] = await db
        .update(users)
        .set({
          trainingConsent: consent,
          trainingConsentAt: sql`case when ${users.trainingConsent} = ${consent} then ${users.trainingConsentAt} else ${at.toISOString()}::timestamptz end`,
          updatedAt: at,
        })
        .where(eq(users.id, id))
        .returning();
      return row ? toUser(row) : null;
    },

    async erase(id) {
      // Rate-limit rows are keyed by user id without a foreign key (sign-in limits use other keys).
      await db.delete(rateLimits).where(eq(rateLimits.userId, id));
      const rows = await db.delete(users).where(eq(users.id, id)).returning({ id: users.id });
      return rows.length > 0;
    },
  };
}
