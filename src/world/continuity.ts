import type {
  Locale,
  Memory,
  MemoryKind,
  MemoryRepository,
  Reflection,
  ReflectionRepository,
  WorldMode,
  WorldRepository,
} from '../core/index.ts';
import { addDays, quoteData, weekday } from '../core/index.ts';
import { worldLabels } from './labels.ts';

/**
 * What keeps the pet's days continuous (issue 18): the days before (their schedule titles), the latest
 * reflections R (eqs. 3/4 gain R), and what is open around the day - the pet's promises and plans due that
 * day or made recently without a date, and the user's events coming up that day or the next. Rendered into
 * the day's context block, so every call of the day sees it in the shared prefix.
 */
export interface Continuity {
  /** The pet's previous days, oldest first (at most `RECENT_DAYS`). */
  recentDays: Array<{ date: string; titles: string[] }>;
  /** The pair's latest weekly reflection items, then the latest nightly ones. */
  reflections: Array<Pick<Reflection, 'scope' | 'topic' | 'text'>>;
  /** Open promises and plans, and upcoming events, soonest due first (at most `MAX_OPEN`). */
  open: Array<Pick<Memory, 'id' | 'subject' | 'kind' | 'text' | 'dueOn'>>;
}

export const NO_CONTINUITY: Continuity = { recentDays: [], reflections: [], open: [] };

/** How many days before the simulated one the prompt shows. */
export const RECENT_DAYS = 3;
/** Undated promises and plans stay open this long after they were made. */
export const UNDATED_OPEN_DAYS = 3;
export const MAX_OPEN = 8;

const OPEN_KINDS: MemoryKind[] = ['promise', 'plan', 'upcoming'];

export interface ContinuityDeps {
  worlds: Pick<WorldRepository, 'listDays'>;
  memories: Pick<MemoryRepository, 'due'>;
  reflections: Pick<ReflectionRepository, 'latest'>;
}

/** The continuity of the pet's day `date`, in four store reads made side by side. */
export async function loadContinuity(
  deps: ContinuityDeps,
  q: { petId: string; userId: string; date: string; now: Date },
): Promise<Continuity> {
  const pair = { petId: q.petId, userId: q.userId };
  const [days, weekly, nightly, due] = await Promise.all([
    deps.worlds.listDays(q.petId, addDays(q.date, -RECENT_DAYS), addDays(q.date, -1)),
    deps.reflections.latest({ ...pair, scope: 'weekly' }),
    deps.reflections.latest({ ...pair, scope: 'nightly' }),
    deps.memories.due({
      ...pair,
      now: q.now,
      k: MAX_OPEN * 3,
      kinds: OPEN_KINDS,
      from: q.date,
      to: addDays(q.date, 1),
      undatedSince: new Date(q.now.getTime() - UNDATED_OPEN_DAYS * 86_400_000),
    }),
  ]);
  return {
    recentDays: days
      .filter((d) => d.date < q.date && d.userId === q.userId && d.schedule.length > 0)
      .sort((a, b) => a.date.localeCompare(b.date))
      .slice(-RECENT_DAYS)
      .map((d) => ({ date: d.date, titles: d.schedule.map((i) => i.title) })),
    reflections: [...weekly, ...nightly].map(({ scope, topic, text }) => ({ scope, topic, text })),
    open: due
      .filter((m) => isOpenOn(m, q.date))
      .slice(0, MAX_OPEN)
      .map(({ id, subject, kind, text, dueOn }) => ({ id, subject, kind, text, dueOn })),
  };
}

/**
 * What a day in `mode` may use: in normal mode (eq. 3, no memories of the user) the user's own items (their
 * upcoming events) are left out; the pet's days, promises and R stay.
 */
export function continuityFor(continuity: Continuity, mode: WorldMode): Continuity {
  if (mode === 'memory') return continuity;
  return { ...continuity, open: continuity.open.filter((m) => m.subject === 'pet') };
}

/**
 * A promise or plan is open on its due date, or (undated) while recent; an upcoming event on its date and
 * the day before (so the pet thinks of tomorrow's exam).
 */
function isOpenOn(m: Pick<Memory, 'kind' | 'dueOn'>, date: string): boolean {
  if (m.kind === 'upcoming') return m.dueOn === date || m.dueOn === addDays(date, 1);
  if (m.kind === 'promise' || m.kind === 'plan') return m.dueOn === null || m.dueOn === date;
  return false;
}

/** The continuity blocks of the context (empty strings for what there is none of). */
export function continuityBlocks(
  continuity: Continuity,
  locale: Locale,
  date: string,
): { recentDays: string; reflections: string; open: string } {
  const labels = worldLabels(locale);
  const l = labels.continuity;
  const sep = labels.listSeparator;
  const recentDays = continuity.recentDays.map(
    (d) => `${d.date} (${weekday(d.date, locale)}): ${d.titles.join(locale === 'zh' ? '；' : '; ')}`,
  );
  const reflections = continuity.reflections.map(
    (r) => `[${l.scopes[r.scope]}${sep}${l.topics[r.topic]}] ${r.text}`,
  );
  const open = continuity.open.map(
    (m) => `[${l.kinds[m.kind ?? 'plan']}${sep}${dueLabel(m.dueOn, date, locale)}] ${m.text}`,
  );
  return {
    recentDays: recentDays.length > 0 ? quoteData('recent_days', recentDays) : '',
    reflections: reflections.length > 0 ? quoteData('reflections', reflections) : '',
    open: open.length > 0 ? quoteData('open', open) : '',
  };
}

function dueLabel(dueOn: string | null, date: string, locale: Locale): string {
  const l = worldLabels(locale).continuity;
  if (dueOn === null) return l.undated;
  if (dueOn === date) return l.today;
  if (dueOn === addDays(date, 1)) return `${l.tomorrow} (${weekday(dueOn, locale)})`;
  return `${dueOn} (${weekday(dueOn, locale)})`;
}
