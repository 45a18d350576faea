import type { MemoryCategory } from '../core/index.ts';

/**
 * How long each tier is kept, in days; `null` keeps it forever. The paper keeps permanent memories
 * indefinitely, long-term ones three months and short-term ones one month.
 */
export type RetentionPolicy = Readonly<Record<MemoryCategory, number | null>>;

export const DEFAULT_RETENTION: RetentionPolicy = { permanent: null, long_term: 90, short_term: 30 };

const DAY_MS = 86_400_000;

/**
 * When a memory stops being relevant. Retention counts from the later of the moment it was recorded (or last
 * confirmed) and the moment it happens, so a plan announced for a date months ahead is kept until that date
 * plus its tier's retention, not dropped before it happens.
 */
export function expiryFor(
  category: MemoryCategory,
  at: { recordedAt: Date; occurredAt: Date },
  policy: RetentionPolicy = DEFAULT_RETENTION,
): Date | null {
  const days = policy[category];
  if (days === null) return null;
  const base = Math.max(at.recordedAt.getTime(), at.occurredAt.getTime());
  return new Date(base + days * DAY_MS);
}

/** The later of two expiries, `null` (never) winning: merging a duplicate never shortens a memory's life. */
export function laterExpiry(a: Date | null, b: Date | null): Date | null {
  if (a === null || b === null) return null;
  return a.getTime() >= b.getTime() ? a : b;
}
