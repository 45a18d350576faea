import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import type { WorldDay, WorldRepository } from '../core/index.ts';
import { NotFoundError } from '../core/index.ts';
import { type Db, isForeignKeyViolation } from './db.ts';
import { worldDays } from './schema.ts';

/** Every column but the conflict target, taken from the incoming row. */
const replaceSet = {
  id: sql.raw('excluded."id"'),
  userId: sql.raw('excluded."user_id"'),
  mode: sql.raw('excluded."mode"'),
  method: sql.raw('excluded."method"'),
  outline: sql.raw('excluded."outline"'),
  schedule: sql.raw('excluded."schedule"'),
  promptVersion: sql.raw('excluded."prompt_version"'),
  model: sql.raw('excluded."model"'),
  usage: sql.raw('excluded."usage"'),
  createdAt: sql.raw('excluded."created_at"'),
  degraded: sql.raw('excluded."degraded"'),
};

export function createWorldRepository(db: Db): WorldRepository {
  async function getDay(petId: string, date: string): Promise<WorldDay | null> {
    const [row] = await db
      .select()
      .from(worldDays)
      .where(and(eq(worldDays.petId, petId), eq(worldDays.date, date)));
    return row ?? null;
  }

  return {
    getDay,

    async saveDay(day, { replace }) {
      try {
        const insert = db.insert(worldDays).values({ ...day, degraded: day.degraded ?? null });
        const target = [worldDays.petId, worldDays.date];
        const [row] = replace
          ? await insert.onConflictDoUpdate({ target, set: replaceSet }).returning()
          : await insert.onConflictDoNothing({ target }).returning();
        if (row) return row;
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new NotFoundError('pet', day.petId);
        throw error;
      }
      // Not replacing and the day exists: the stored day wins.
      const stored = await getDay(day.petId, day.date);
      if (!stored) throw new Error(`world day ${day.petId} ${day.date} vanished while saving`);
      return stored;
    },

    async listDays(petId, from, to) {
      return db
        .select()
        .from(worldDays)
        .where(and(eq(worldDays.petId, petId), gte(worldDays.date, from), lte(worldDays.date, to)))
        .orderBy(asc(worldDays.date));
    },
  };
}
