import type { Pet, ScheduleItem, User } from '../../../core/index.ts';
import { localTime, parseHhMm, quoteData, renderPrompt } from '../../../core/index.ts';
import { dialoguePrompt } from '../../prompt-files.ts';
import { type ContextItem, type ContextProvider, type ContextSection, inBand, PRIORITY } from '../types.ts';

/** The pet's day as the world module gives it (T1 outline, T2 schedule, T3 details). */
export interface DayContext {
  outline: string;
  schedule: Array<{ time: string; title: string; current: boolean }>;
  current: ScheduleItem | null;
  next: ScheduleItem | null;
  /** Items worth detailing: the current and next ones, and those the user's message mentions. */
  details: ScheduleItem[];
}

/** Today's simulated day for the pair, or null when none was generated. */
export type DayContextSource = (query: {
  /** The turn's user and pet, as loaded for the turn (a source never needs to read them again). */
  user: User;
  pet: Pet;
  userId: string;
  petId: string;
  now: Date;
  timezone: string;
  /** The user's message, in case the source wants to pick details the user asks about. */
  text: string;
}) => Promise<DayContext | null>;

/**
 * T1-T3. With no day (or no source) it adds nothing, so the prompt never claims a day that did not happen.
 * Details: the current item's is kept longest, then items the user mentioned (the source's details other
 * than the current and next ones), then the rest by closeness in time. All world text is quoted: it was
 * generated from memories, which came from user text.
 */
/** Earlier items of the day rank higher when the schedule must be shortened (first 1, last 0). */
function stableRank(index: number): number {
  return 1 / (1 + index);
}

export function dayProvider(source: DayContextSource): ContextProvider {
  return {
    name: 'day',
    async provide(turn) {
      const day = await source({
        user: turn.user,
        pet: turn.pet,
        userId: turn.user.id,
        petId: turn.pet.id,
        now: turn.now,
        timezone: turn.user.timezone,
        text: turn.text,
      });
      if (!day) return [];
      const locale = turn.locale;
      const nowMinutes = parseHhMm(localTime(turn.now, turn.user.timezone)) ?? 0;
      const closeness = (time: string) => {
        const at = parseHhMm(time);
        return at === null ? 0 : 1 - Math.min(1, Math.abs(at - nowMinutes) / 720);
      };
      const sections: ContextSection[] = [];

      if (day.outline.trim()) {
        sections.push({
          key: 'outline',
          text: renderPrompt(dialoguePrompt('day-outline', locale), {
            outline: quoteData('day-outline', day.outline.trim().split('\n')),
          }),
          // The day's outline and schedule change once a day: they belong to the cached system message.
          stable: true,
          priority: PRIORITY.outline,
        });
      }

      if (day.schedule.length > 0) {
        sections.push({
          key: 'schedule',
          text: renderPrompt(dialoguePrompt('day-schedule', locale), {}),
          stable: true,
          priority: PRIORITY.schedule,
          quote: 'schedule',
          // Without the "now" marker, so the list stays byte-identical all day; the current item is named
          // in the turn context below. Under budget pressure the day's later items go first (by position,
          // not by the turn's time, so the kept list does not change from turn to turn); the current one stays.
          items: day.schedule.map((s, i) => ({
            key: `schedule:${s.time}:${s.title}`,
            text: `${s.time} ${s.title}`,
            priority: s.current ? PRIORITY.schedule + 4 : inBand(PRIORITY.schedule, stableRank(i), 4),
            ref: { type: 'schedule', time: s.time, title: s.title, current: s.current },
          })),
        });
        const current = day.schedule.find((s) => s.current);
        if (current) {
          sections.push({
            key: 'now-doing',
            text: renderPrompt(dialoguePrompt('day-now', locale), {
              item: quoteData('now-doing', [`${current.time} ${current.title}`]),
            }),
            stable: false,
            priority: PRIORITY.schedule + 4,
          });
        }
      }

      const same = (a: ScheduleItem | null, b: ScheduleItem) =>
        a !== null && a.time === b.time && a.title === b.title;
      const seen = new Set<string>();
      const details: ContextItem[] = [];
      for (const item of [...(day.current ? [day.current] : []), ...day.details]) {
        const key = `detail:${item.time}:${item.title}`;
        if (!item.detail.trim() || seen.has(key)) continue;
        seen.add(key);
        const mentioned = !same(day.current, item) && !same(day.next, item);
        details.push({
          key,
          text: `${item.time} ${item.title}: ${item.detail.trim()}`,
          priority: same(day.current, item)
            ? PRIORITY.currentDetail
            : inBand(PRIORITY.detail, (mentioned ? 0.5 : 0) + closeness(item.time) / 2),
          ref: { type: 'detail', time: item.time, title: item.title },
        });
      }
      if (details.length > 0) {
        details.sort((a, b) => a.text.localeCompare(b.text));
        sections.push({
          key: 'details',
          text: renderPrompt(dialoguePrompt('day-details', locale), {}),
          stable: false,
          priority: PRIORITY.detail,
          quote: 'day-details',
          items: details,
        });
      }
      return sections;
    },
  };
}
