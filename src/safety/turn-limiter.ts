import { LimitError, localDate, msUntilLocalMidnight } from '../core/index.ts';
import { createRateLimiter } from './rate-limiter.ts';

/**
 * Per-user limits on chat turns (OWASP LLM10: unbounded consumption): a token bucket for bursts and a
 * daily quota counted in the user's own calendar day. This is the one limit on a turn, whichever way it
 * comes in (CLI, REST, OpenAI-compatible). In memory and process-local, like `createRateLimiter`: several
 * server processes each keep their own counts, and a one-shot CLI call starts from zero.
 *
 * Limits run on real time (`deps.now` defaults to the system clock), not on the domain clock: a clock fixed
 * by `IPET_NOW` would never refill the bucket, and a refusal would never lift.
 */
export interface TurnLimitOptions {
  /** Turns a user may send in a quick burst. Default 20. */
  burst: number;
  /** Turns regained per minute after a burst (the sustained rate). Default 10. */
  perMinute: number;
  /** New turns per user per local day; null for no quota. Default 1000. */
  dailyTurns: number | null;
  /** Users whose daily counts are kept at once; the oldest are forgotten beyond it. Default 10 000. */
  maxUsers: number;
}

export const DEFAULT_TURN_LIMITS: TurnLimitOptions = {
  burst: 20,
  perMinute: 10,
  dailyTurns: 1000,
  maxUsers: 10_000,
};

export interface TurnRequest {
  userId: string;
  /** The user's IANA time zone: the daily quota resets at their local midnight. */
  timeZone: string;
  /** A retry of a failed turn: it takes from the rate limit but not from the daily quota. */
  retry?: boolean;
}

export interface TurnLimiter {
  /** Takes one turn, or throws LimitError with `retryAfterMs` (and takes nothing). */
  take(turn: TurnRequest): void;
  /** What is left now, without taking anything. */
  remaining(turn: Omit<TurnRequest, 'retry'>): { burst: number; today: number | null };
}

export interface TurnLimiterDeps {
  /** The clock of the limits. Default: the system clock (real time). */
  now?: () => Date;
  /** Told which limit refused a turn (metrics). */
  onRefused?: (limit: 'burst' | 'daily') => void;
}

export function createTurnLimiter(
  options: Partial<TurnLimitOptions> = {},
  deps: TurnLimiterDeps = {},
): TurnLimiter {
  const now = deps.now ?? (() => new Date());
  const resolved = { ...DEFAULT_TURN_LIMITS, ...definedOnly(options) };
  const { dailyTurns, maxUsers } = resolved;
  if (dailyTurns !== null && !(Number.isInteger(dailyTurns) && dailyTurns > 0)) {
    throw new RangeError(`dailyTurns must be a whole number > 0 or null, got ${dailyTurns}`);
  }
  const rate = createRateLimiter({
    capacity: resolved.burst,
    refillPerMinute: resolved.perMinute,
    now,
    maxKeys: maxUsers,
  });
  const days = new Map<string, { date: string; count: number }>();

  const usedToday = (userId: string, date: string) => {
    const day = days.get(userId);
    return day && day.date === date ? day.count : 0;
  };

  return {
    take(turn) {
      const at = now();
      const date = localDate(at, turn.timeZone);
      if (!turn.retry && dailyTurns !== null && usedToday(turn.userId, date) >= dailyTurns) {
        const retryAfterMs = msUntilLocalMidnight(at, turn.timeZone);
        deps.onRefused?.('daily');
        throw new LimitError(
          `daily limit reached: ${dailyTurns.toLocaleString('en-US')} messages a day; it resets at midnight`,
          { retryAfterMs, hint: 'come back tomorrow; taking a break is a good idea too' },
        );
      }
      try {
        rate.enforce(turn.userId);
      } catch (error) {
        deps.onRefused?.('burst');
        throw error;
      }
      if (turn.retry || dailyTurns === null) return;
      const count = usedToday(turn.userId, date) + 1;
      // Re-inserted so that the map stays in order of last use; the least recent users go first.
      days.delete(turn.userId);
      days.set(turn.userId, { date, count });
      while (days.size > maxUsers) days.delete(days.keys().next().value as string);
    },
    remaining(turn) {
      const date = localDate(now(), turn.timeZone);
      return {
        burst: rate.peek(turn.userId),
        today: dailyTurns === null ? null : Math.max(0, dailyTurns - usedToday(turn.userId, date)),
      };
    },
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
