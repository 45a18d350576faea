import { and, asc, desc, eq, gte, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { ProactiveMessage, ProactiveRepository } from '../core/index.ts';
import type { Db } from './db.ts';
import { chatSessions, messages, proactiveMessages } from './schema.ts';

export function createProactiveRepository(db: Db): ProactiveRepository {
  return {
    async plan(rows) {
      if (rows.length === 0) return 0;
      const stored = await db
        .insert(proactiveMessages)
        .values(rows)
        .onConflictDoNothing()
        .returning({ id: proactiveMessages.id });
      return stored.length;
    },

    async list(q) {
      return db
        .select()
        .from(proactiveMessages)
        .where(
          and(
            eq(proactiveMessages.userId, q.userId),
            q.petId === undefined ? undefined : eq(proactiveMessages.petId, q.petId),
            q.from === undefined ? undefined : gte(proactiveMessages.dueAt, q.from),
            q.to === undefined ? undefined : lte(proactiveMessages.dueAt, q.to),
          ),
        )
        .orderBy(desc(proactiveMessages.dueAt), asc(proactiveMessages.position))
        .limit(q.limit ?? 200);
    },

    async deliverDue(now, limit, decide) {
      const done: ProactiveMessage[] = [];
      for (let i = 0; i < limit; i++) {
        // One message per transaction: claimed with SKIP LOCKED, so processes never deliver the same one.
        const result = await db.transaction(async (tx) => {
          const [row] = await tx
            .select()
            .from(proactiveMessages)
            .where(and(eq(proactiveMessages.status, 'planned'), lte(proactiveMessages.dueAt, now)))
            .orderBy(asc(proactiveMessages.dueAt), asc(proactiveMessages.id))
            .limit(1)
            .for('update', { skipLocked: true });
          if (!row) return null;
          const decision = decide(row);
          if ('postpone' in decision) {
            await tx
              .update(proactiveMessages)
              .set({ dueAt: decision.postpone })
              .where(eq(proactiveMessages.id, row.id));
            return { row, changed: false };
          }
          if ('skip' in decision) {
            const [skipped] = await tx
              .update(proactiveMessages)
              .set({ status: 'skipped', skipReason: decision.skip })
              .where(eq(proactiveMessages.id, row.id))
              .returning();
            return { row: skipped!, changed: true };
          }
          const { deliver } = decision;
          const [open] = await tx
            .select({ id: chatSessions.id, lastMessageAt: chatSessions.lastMessageAt })
            .from(chatSessions)
            .where(
              and(
                eq(chatSessions.userId, row.userId),
                eq(chatSessions.petId, row.petId),
                isNull(chatSessions.closedAt),
              ),
            )
            .orderBy(desc(chatSessions.lastMessageAt))
            .limit(1);
          const stale = open && deliver.staleBefore !== undefined && open.lastMessageAt < deliver.staleBefore;
          if (open && stale) {
            // The conversation ended with its last message: close it there (it is extracted as usual).
            await tx
              .update(chatSessions)
              .set({ closedAt: open.lastMessageAt })
              .where(and(eq(chatSessions.id, open.id), isNull(chatSessions.closedAt)));
          }
          let sessionId = stale ? undefined : open?.id;
          if (sessionId) {
            await tx.update(chatSessions).set({ lastMessageAt: now }).where(eq(chatSessions.id, sessionId));
          } else {
            sessionId = deliver.newSessionId;
            await tx.insert(chatSessions).values({
              id: sessionId,
              userId: row.userId,
              petId: row.petId,
              startedAt: now,
              lastMessageAt: now,
              closedAt: null,
              extractedAt: null,
            });
          }
          await tx.insert(messages).values({
            id: deliver.messageId,
            sessionId,
            userId: row.userId,
            petId: row.petId,
            role: 'pet',
            content: row.text,
            emotion: deliver.emotion,
            status: 'ok',
            idempotencyKey: null,
            replyToId: null,
            error: null,
            createdAt: now,
          });
          const [delivered] = await tx
            .update(proactiveMessages)
            .set({ status: 'delivered', deliveredAt: now, messageId: deliver.messageId })
            .where(eq(proactiveMessages.id, row.id))
            .returning();
          return { row: delivered!, changed: true };
        });
        if (!result) break;
        if (result.changed) done.push(result.row);
      }
      return done;
    },

    async due(now, limit) {
      return db
        .select()
        .from(proactiveMessages)
        .where(and(eq(proactiveMessages.status, 'planned'), lte(proactiveMessages.dueAt, now)))
        .orderBy(asc(proactiveMessages.dueAt), asc(proactiveMessages.id))
        .limit(limit);
    },

    async markRead(userId, petId, at) {
      const rows = await db
        .update(proactiveMessages)
        .set({ readAt: at })
        .where(
          and(
            eq(proactiveMessages.userId, userId),
            eq(proactiveMessages.petId, petId),
            eq(proactiveMessages.status, 'delivered'),
            isNull(proactiveMessages.readAt),
            lte(proactiveMessages.deliveredAt, at),
          ),
        )
        .returning({ id: proactiveMessages.id });
      return rows.length;
    },

    async unreadCounts(userId) {
      const rows = await db
        .select({ petId: proactiveMessages.petId, n: sql<number>`count(*)::int` })
        .from(proactiveMessages)
        .where(
          and(
            eq(proactiveMessages.userId, userId),
            eq(proactiveMessages.status, 'delivered'),
            isNotNull(proactiveMessages.deliveredAt),
            isNull(proactiveMessages.readAt),
          ),
        )
        .groupBy(proactiveMessages.petId);
      return Object.fromEntries(rows.map((r) => [r.petId, r.n]));
    },
  };
}
