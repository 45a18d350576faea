import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Reflection, ReflectionRepository } from '../core/index.ts';
import { NotFoundError } from '../core/index.ts';
import { type Db, isForeignKeyViolation } from './db.ts';
import { reflections } from './schema.ts';

const columns = {
  id: reflections.id,
  petId: reflections.petId,
  userId: reflections.userId,
  scope: reflections.scope,
  topic: reflections.topic,
  text: reflections.text,
  periodStart: reflections.periodStart,
  periodEnd: reflections.periodEnd,
  version: reflections.version,
  promptVersion: reflections.promptVersion,
  model: reflections.model,
  createdAt: reflections.createdAt,
};

export function createReflectionRepository(db: Db): ReflectionRepository {
  const forPeriod = (q: { petId: string; userId: string; scope: Reflection['scope']; periodEnd: string }) =>
    db
      .select(columns)
      .from(reflections)
      .where(
        and(
          eq(reflections.petId, q.petId),
          eq(reflections.userId, q.userId),
          eq(reflections.scope, q.scope),
          eq(reflections.periodEnd, q.periodEnd),
        ),
      )
      .orderBy(asc(reflections.position));

  return {
    async addVersion(input) {
      if (input.items.length === 0) return forPeriod(input);
      // One run per period: the check and the insert hold the period's advisory lock, so two racing runs
      // (a retried night beside the first) never mix their items - the second finds the first's and keeps them.
      const key = `reflections:${input.petId}:${input.userId}:${input.scope}:${input.periodEnd}`;
      try {
        return await db.transaction(async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
          const stored = await tx
            .select(columns)
            .from(reflections)
            .where(
              and(
                eq(reflections.petId, input.petId),
                eq(reflections.userId, input.userId),
                eq(reflections.scope, input.scope),
                eq(reflections.periodEnd, input.periodEnd),
              ),
            )
            .orderBy(asc(reflections.position));
          if (stored.length > 0) return stored;
          const nextVersion = sql<number>`(select coalesce(max(r.version), 0) + 1 from reflections r
            where r.pet_id = ${input.petId} and r.user_id = ${input.userId} and r.scope = ${input.scope})`;
          return tx
            .insert(reflections)
            .values(
              input.items.map((item, position) => ({
                ...item,
                petId: input.petId,
                userId: input.userId,
                scope: input.scope,
                periodStart: input.periodStart,
                periodEnd: input.periodEnd,
                position,
                version: nextVersion,
                promptVersion: input.promptVersion,
                model: input.model,
                createdAt: input.createdAt,
              })),
            )
            .returning(columns);
        });
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new NotFoundError('pet', input.petId);
        throw error;
      }
    },

    async latest(q) {
      const pair = and(
        eq(reflections.petId, q.petId),
        eq(reflections.userId, q.userId),
        eq(reflections.scope, q.scope),
      );
      return db
        .select(columns)
        .from(reflections)
        .where(
          and(
            pair,
            sql`${reflections.version} = (select max(r.version) from reflections r
              where r.pet_id = ${q.petId} and r.user_id = ${q.userId} and r.scope = ${q.scope})`,
          ),
        )
        .orderBy(asc(reflections.position));
    },

    async list(q) {
      return db
        .select(columns)
        .from(reflections)
        .where(
          and(
            eq(reflections.petId, q.petId),
            q.userId === undefined ? undefined : eq(reflections.userId, q.userId),
          ),
        )
        .orderBy(desc(reflections.createdAt), desc(reflections.version), asc(reflections.position))
        .limit(q.limit ?? 200);
    },
  };
}
