import type {
  EventRepository,
  ModelPurpose,
  ProductEvent,
  ProductEventKind,
  UsageRepository,
  UsageSummary,
} from '../../core/index.ts';
import { byText, constraintError, type Tables, time } from './tables.ts';

const KINDS: readonly string[] = [
  'session_start',
  'session_end',
  'message_sent',
  'schedule_view',
  'detail_view',
] satisfies ProductEventKind[];

export function usageRepository(t: Tables): UsageRepository {
  return {
    async record(records) {
      const unknown = records.some(
        (r) => (r.userId !== null && !t.users.has(r.userId)) || (r.petId !== null && !t.pets.has(r.petId)),
      );
      if (unknown)
        throw constraintError(
          'usage.record',
          'foreign_key',
          'model_usage',
          'model_usage_user_id_users_id_fk',
        );
      for (const r of records) t.usage.push({ ...r, at: new Date(r.at), id: ++t.serial });
    },

    async summary(filter) {
      const groups = new Map<string, UsageSummary & { latencyTotal: number }>();
      for (const r of t.usage) {
        if (filter.since && time(r.at) < time(filter.since)) continue;
        if (filter.userId && r.userId !== filter.userId) continue;
        if (filter.petId && r.petId !== filter.petId) continue;
        const g = groups.get(r.purpose) ?? {
          purpose: r.purpose as ModelPurpose,
          calls: 0,
          failures: 0,
          inputTokens: 0,
          outputTokens: 0,
          meanLatencyMs: 0,
          latencyTotal: 0,
        };
        g.calls++;
        if (!r.ok) g.failures++;
        g.inputTokens += r.inputTokens;
        g.outputTokens += r.outputTokens;
        g.latencyTotal += r.latencyMs;
        groups.set(r.purpose, g);
      }
      return [...groups.values()]
        .sort((a, b) => byText(a.purpose, b.purpose))
        .map(({ latencyTotal, ...g }) => ({ ...g, meanLatencyMs: latencyTotal / g.calls }));
    },
  };
}

export function eventRepository(t: Tables): EventRepository {
  return {
    async record(events) {
      if (events.some((e) => !t.users.has(e.userId))) {
        throw constraintError(
          'events.record',
          'foreign_key',
          'product_events',
          'product_events_user_id_users_id_fk',
        );
      }
      for (const e of events) {
        // Ids travel in `data`, the variant has its own column, as in the SQL table.
        const data: Record<string, unknown> = {};
        if (e.experiment !== null) data.experiment = e.experiment;
        if (e.sessionId !== null) data.sessionId = e.sessionId;
        if (e.petId !== null) data.petId = e.petId;
        t.events.push({
          id: ++t.serial,
          userId: e.userId,
          kind: e.kind,
          variant: e.variant,
          at: new Date(e.at),
          data,
        });
      }
    },

    async list({ from, to, experiment }) {
      const rows = t.events
        .filter(
          (e) =>
            time(e.at) >= time(from) &&
            time(e.at) < time(to) &&
            KINDS.includes(e.kind) &&
            (experiment === undefined || e.data.experiment === experiment),
        )
        .sort((a, b) => time(a.at) - time(b.at) || a.id - b.id);
      return rows.flatMap((e): ProductEvent[] =>
        e.userId === null
          ? []
          : [
              {
                userId: e.userId,
                kind: e.kind as ProductEventKind,
                at: new Date(e.at),
                experiment: typeof e.data.experiment === 'string' ? e.data.experiment : null,
                variant: e.variant,
                sessionId: typeof e.data.sessionId === 'string' ? e.data.sessionId : null,
                petId: typeof e.data.petId === 'string' ? e.data.petId : null,
              },
            ],
      );
    },
  };
}
