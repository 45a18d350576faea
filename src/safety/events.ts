/**
 * The SafetyEvents port: counts what the safety core saw, per user, for dashboards and abuse handling.
 * An event holds a kind, a user id and a time, never text (OWASP LLM02: what a distressed user wrote must
 * not end up in a metrics table).
 */
export const SAFETY_EVENT_KINDS = ['crisis', 'concern', 'injection', 'quota'] as const;
export type SafetyEventKind = (typeof SAFETY_EVENT_KINDS)[number];

export interface SafetyEvent {
  kind: SafetyEventKind;
  userId: string;
  at: Date;
}

export interface SafetyEvents {
  record(event: SafetyEvent): void | Promise<void>;
}

export const noSafetyEvents: SafetyEvents = { record() {} };

export interface SafetyEventCounter extends SafetyEvents {
  count(filter?: { kind?: SafetyEventKind; userId?: string; since?: Date }): number;
  readonly events: readonly SafetyEvent[];
}

/** In-memory implementation (tests, single-process deployments). Keeps at most `max` recent events. */
export function createSafetyEventCounter(options: { max?: number } = {}): SafetyEventCounter {
  const max = options.max ?? 10_000;
  const events: SafetyEvent[] = [];
  return {
    events,
    record(event) {
      events.push({ kind: event.kind, userId: event.userId, at: new Date(event.at) });
      if (events.length > max) events.splice(0, events.length - max);
    },
    count(filter = {}) {
      return events.filter(
        (e) =>
          (filter.kind === undefined || e.kind === filter.kind) &&
          (filter.userId === undefined || e.userId === filter.userId) &&
          (filter.since === undefined || e.at.getTime() >= filter.since.getTime()),
      ).length;
    },
  };
}
