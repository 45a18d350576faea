/**
 * What the pet is doing when the schedule does not say (before its first item, late at night): asleep,
 * waking up, or winding down. `now` is the owner's local time (HH:MM, the day's `now`); null when the day is
 * not today. Returns null when a schedule item covers the moment.
 */
export type PetActivity = 'asleep' | 'waking' | 'winding-down';

const minutes = (hhmm: string): number | null => {
  const match = /^(\d{1,2}):(\d{2})/.exec(hhmm);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
};

/** Within this long before the first item the pet is waking up; before that, asleep. */
const WAKING_MINUTES = 60;
const WIND_DOWN_FROM = 21 * 60 + 30;
const ASLEEP_FROM = 23 * 60;

export function petActivity(
  schedule: ReadonlyArray<{ time: string; current: boolean }>,
  now: string | null,
): PetActivity | null {
  const at = now === null ? null : minutes(now);
  if (at === null) return null;
  const first = schedule[0] ? minutes(schedule[0].time) : null;
  const currentIndex = schedule.findIndex((item) => item.current);
  if (currentIndex === -1) {
    // Nothing planned yet this morning (or no plan at all): asleep, or about to wake.
    if (first !== null && at < first) return first - at <= WAKING_MINUTES ? 'waking' : 'asleep';
    if (first === null) return at < 6 * 60 || at >= ASLEEP_FROM ? 'asleep' : at < 7 * 60 ? 'waking' : null;
    return at >= ASLEEP_FROM ? 'asleep' : null;
  }
  // The last item runs until midnight: late in the evening the pet is winding down, then asleep.
  if (currentIndex === schedule.length - 1) {
    if (at >= ASLEEP_FROM) return 'asleep';
    if (at >= WIND_DOWN_FROM) return 'winding-down';
  }
  return null;
}
