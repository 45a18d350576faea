/**
 * The wait a server asked for, from `retry-after-ms` (milliseconds) or `retry-after` (seconds, or an HTTP
 * date). Header names are matched case-insensitively; undefined when absent or unreadable.
 */
export function parseRetryAfterMs(
  headers: Record<string, string | undefined> | undefined,
  now: () => number,
): number | undefined {
  if (!headers) return undefined;
  const lower: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) lower[key.toLowerCase()] = value.trim();
  }
  const ms = lower['retry-after-ms'];
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const value = lower['retry-after'];
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now());
}

/** Full-jitter exponential backoff: uniform in [0, min(max, base * 2^(attempt-1))). `attempt` starts at 1. */
export function backoffDelayMs(
  attempt: number,
  options: { baseMs: number; maxMs: number; random: () => number },
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
  return Math.floor(options.random() * ceiling);
}
