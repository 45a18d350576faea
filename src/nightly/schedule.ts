import {
  addDays,
  formatHhMm,
  isIsoDate,
  localDate,
  parseHhMm,
  ValidationError,
  zonedInstant,
} from '../core/index.ts';

/**
 * When a night runs. The night of date D is the off-peak run that builds the pet's day D (T+1, paper
 * section 2.4): at the off-peak time `at` (default 03:00) in the owner's timezone, on D itself for a time
 * before noon (the small hours that open D) or on the evening before D for a time from noon on.
 * Memories are extracted up to the moment the job runs.
 */
export const DEFAULT_NIGHTLY_TIME = '03:00';

/** A run that missed its time (workers down) still belongs to that night for this long afterwards. */
export const NIGHT_GRACE_MS = 6 * 3_600_000;

/** `3`, `03`, `3:30` or `03:30` -> `03:00` / `03:30`; a ValidationError names `source` otherwise. */
export function parseNightlyTime(raw: string, source = '--hour'): string {
  const value = raw.trim();
  const minutes = /^\d{1,2}$/.test(value) ? Number(value) * 60 : parseHhMm(value);
  if (minutes === null || minutes >= 24 * 60) {
    throw new ValidationError(`${source} must be an hour (0-23) or HH:MM (got ${raw})`, [
      { path: source, message: 'use e.g. 3 or 03:30' },
    ]);
  }
  return formatHhMm(minutes);
}

/** The instant at which the night of `date` runs for an owner in `timeZone`. */
export function runAt(date: string, timeZone: string, at: string = DEFAULT_NIGHTLY_TIME): Date {
  const minutes = parseHhMm(at);
  if (minutes === null || !isIsoDate(date)) throw new RangeError(`invalid night ${date} at ${at}`);
  const [year, month, day] = (minutes < 12 * 60 ? date : addDays(date, -1)).split('-').map(Number) as [
    number,
    number,
    number,
  ];
  return zonedInstant({ year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60 }, timeZone);
}

/**
 * The date whose night is due next for an owner: the first D whose run time plus the grace is still
 * ahead of `now`. At 02:00 or 08:00 that is today (its 03:00 run is coming, or was missed a little
 * while ago); from 09:00 on it is tomorrow.
 */
export function nightDate(now: Date, timeZone: string, at: string = DEFAULT_NIGHTLY_TIME): string {
  let date = addDays(localDate(now, timeZone), -1);
  while (runAt(date, timeZone, at).getTime() + NIGHT_GRACE_MS <= now.getTime()) date = addDays(date, 1);
  return date;
}
