import type { ProactiveRepository, Reflection, ReflectionRepository } from '../../core/index.ts';
import { NotFoundError } from '../../core/index.ts';
import { byText, copy, sorted, type Tables, time } from './tables.ts';

const strip = ({ position: _, ...r }: Reflection & { position: number }): Reflection => copy(r);

export function reflectionRepository(t: Tables): ReflectionRepository {
  const all = () => [...t.reflections.values()];
  const forPeriod = (q: { petId: string; userId: string; scope: Reflection['scope']; periodEnd: string }) =>
    sorted(
      all().filter(
        (r) =>
          r.petId === q.petId && r.userId === q.userId && r.scope === q.scope && r.periodEnd === q.periodEnd,
      ),
      (a, b) => a.position - b.position,
    ).map(strip);
  return {
    async addVersion(input) {
      const stored = forPeriod(input);
      if (stored.length > 0 || input.items.length === 0) return stored;
      if (!t.pets.has(input.petId) || !t.users.has(input.userId)) throw new NotFoundError('pet', input.petId);
      const version =
        Math.max(
          0,
          ...all()
            .filter((r) => r.petId === input.petId && r.userId === input.userId && r.scope === input.scope)
            .map((r) => r.version),
        ) + 1;
      input.items.forEach((item, position) => {
        const { items: _, ...rest } = input;
        t.reflections.set(item.id, copy({ ...rest, ...item, position, version }));
      });
      return forPeriod(input);
    },
    async latest(q) {
      const pair = all().filter((r) => r.petId === q.petId && r.userId === q.userId && r.scope === q.scope);
      const version = Math.max(0, ...pair.map((r) => r.version));
      return sorted(
        pair.filter((r) => r.version === version),
        (a, b) => a.position - b.position,
      ).map(strip);
    },
    async list(q) {
      const kept = all().filter(
        (r) => r.petId === q.petId && (q.userId === undefined || r.userId === q.userId),
      );
      return sorted(
        kept,
        (a, b) => time(b.createdAt) - time(a.createdAt) || b.version - a.version || a.position - b.position,
      )
        .slice(0, q.limit ?? 200)
        .map(strip);
    },
  };
}

export function proactiveRepository(t: Tables): ProactiveRepository {
  const all = () => [...t.proactive.values()];
  return {
    async plan(rows) {
      let added = 0;
      for (const row of rows) {
        if (!t.pets.has(row.petId) || !t.users.has(row.userId)) throw new NotFoundError('pet', row.petId);
        const taken = all().some(
          (p) =>
            p.id === row.id ||
            (p.userId === row.userId &&
              p.petId === row.petId &&
              p.date === row.date &&
              p.position === row.position),
        );
        if (taken) continue;
        t.proactive.set(row.id, copy(row));
        added++;
      }
      return added;
    },
    async list(q) {
      const kept = all().filter(
        (p) =>
          p.userId === q.userId &&
          (q.petId === undefined || p.petId === q.petId) &&
          (q.from === undefined || time(p.dueAt) >= time(q.from)) &&
          (q.to === undefined || time(p.dueAt) <= time(q.to)),
      );
      return sorted(kept, (a, b) => time(b.dueAt) - time(a.dueAt) || a.position - b.position)
        .slice(0, q.limit ?? 200)
        .map(copy);
    },
    async deliverDue(now, limit, decide) {
      const done = [];
      const due = sorted(
        all().filter((p) => p.status === 'planned' && time(p.dueAt) <= time(now)),
        (a, b) => time(a.dueAt) - time(b.dueAt) || byText(a.id, b.id),
      ).slice(0, limit);
      for (const row of due) {
        const decision = decide(copy(row));
        if ('postpone' in decision) {
          row.dueAt = decision.postpone;
          continue;
        }
        if ('skip' in decision) {
          row.status = 'skipped';
          row.skipReason = decision.skip;
          done.push(copy(row));
          continue;
        }
        const { deliver } = decision;
        const open = sorted(
          [...t.sessions.values()].filter(
            (s) => s.userId === row.userId && s.petId === row.petId && s.closedAt === null,
          ),
          (a, b) => time(b.lastMessageAt) - time(a.lastMessageAt),
        )[0];
        const stale =
          open !== undefined &&
          deliver.staleBefore !== undefined &&
          time(open.lastMessageAt) < time(deliver.staleBefore);
        if (open && stale) open.closedAt = open.lastMessageAt;
        let sessionId = stale ? undefined : open?.id;
        if (open && !stale) open.lastMessageAt = now;
        else {
          sessionId = deliver.newSessionId;
          t.sessions.set(sessionId, {
            id: sessionId,
            userId: row.userId,
            petId: row.petId,
            startedAt: now,
            lastMessageAt: now,
            closedAt: null,
            extractedAt: null,
          });
        }
        t.messages.set(deliver.messageId, {
          id: deliver.messageId,
          sessionId: sessionId!,
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
        row.status = 'delivered';
        row.deliveredAt = now;
        row.messageId = deliver.messageId;
        done.push(copy(row));
      }
      return done;
    },
    async due(now, limit) {
      return sorted(
        all().filter((p) => p.status === 'planned' && time(p.dueAt) <= time(now)),
        (a, b) => time(a.dueAt) - time(b.dueAt) || byText(a.id, b.id),
      )
        .slice(0, limit)
        .map(copy);
    },
    async markRead(userId, petId, at) {
      let changed = 0;
      for (const p of all()) {
        if (
          p.userId === userId &&
          p.petId === petId &&
          p.status === 'delivered' &&
          p.readAt === null &&
          p.deliveredAt !== null &&
          time(p.deliveredAt) <= time(at)
        ) {
          p.readAt = at;
          changed++;
        }
      }
      return changed;
    },
    async unreadCounts(userId) {
      const counts: Record<string, number> = {};
      for (const p of all()) {
        if (p.userId === userId && p.status === 'delivered' && p.readAt === null) {
          counts[p.petId] = (counts[p.petId] ?? 0) + 1;
        }
      }
      return counts;
    },
  };
}
