import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { EventRepository, ProductEvent, ProductEventKind } from '../core/index.ts';
import type { Db } from './db.ts';
import { productEvents } from './schema.ts';

const KINDS: readonly ProductEventKind[] = [
  'session_start',
  'session_end',
  'message_sent',
  'schedule_view',
  'detail_view',
];

/** Ids travel in `data` (jsonb); the variant has its own column. */
interface EventData {
  experiment?: string;
  sessionId?: string;
  petId?: string;
}

export function createEventRepository(db: Db): EventRepository {
  return {
    async record(events) {
      if (events.length === 0) return;
      await db.insert(productEvents).values(
        events.map((e) => {
          const data: EventData = {};
          if (e.experiment !== null) data.experiment = e.experiment;
          if (e.sessionId !== null) data.sessionId = e.sessionId;
          if (e.petId !== null) data.petId = e.petId;
          return { userId: e.userId, kind: e.kind, variant: e.variant, at: e.at, data: { ...data } };
        }),
      );
    },

    async list({ from, to, experiment }) {
      const rows = await db
        .select()
        .from(productEvents)
        .where(
          and(
            gte(productEvents.at, from),
            lt(productEvents.at, to),
            inArray(productEvents.kind, [...KINDS]),
            experiment === undefined ? undefined : eq(sql`${productEvents.data}->>'experiment'`, experiment),
          ),
        )
        .orderBy(asc(productEvents.at), asc(productEvents.id));
      return rows.flatMap((row): ProductEvent[] => {
        if (row.userId === null) return [];
        const data = row.data as EventData;
        return [
          {
            userId: row.userId,
            kind: row.kind as ProductEventKind,
            at: row.at,
            experiment: data.experiment ?? null,
            variant: row.variant,
            sessionId: data.sessionId ?? null,
            petId: data.petId ?? null,
          },
        ];
      });
    },
  };
}
