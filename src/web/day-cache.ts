import type { ApiClient } from './api/client.ts';
import type { Day } from './api/types.ts';

/**
 * Remembers day schedules per pet and date, so opening an item and coming back does not ask again.
 * A failed request is forgotten so that the next visit retries. Today's entry is kept for a few minutes
 * only, because its `current` item moves with the clock.
 */
export function createDayCache(api: Pick<ApiClient, 'today' | 'day'>, now: () => number = Date.now) {
  const entries = new Map<string, { at: number; day: Promise<Day> }>();
  const TODAY_TTL_MS = 5 * 60_000;

  return (petId: string, date: 'today' | string, signal?: AbortSignal): Promise<Day> => {
    const key = `${petId}/${date}`;
    const hit = entries.get(key);
    if (hit && (date !== 'today' || now() - hit.at < TODAY_TTL_MS)) return hit.day;
    // The request is shared, so it is not tied to one page's abort signal; the page just stops waiting.
    const day = date === 'today' ? api.today(petId) : api.day(petId, date);
    entries.set(key, { at: now(), day });
    day.then(
      (loaded) => {
        if (date === 'today' && !entries.has(`${petId}/${loaded.date}`)) {
          entries.set(`${petId}/${loaded.date}`, { at: now(), day });
        }
      },
      () => entries.delete(key),
    );
    return signal ? abortable(day, signal) : day;
  };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
