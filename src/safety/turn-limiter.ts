import {
  type BucketRate,
  checkBucketRate,
  LimitError,
  localDate,
  msUntilLocalMidnight,
  type RateLimitOutcome,
  type RateLimitRepository,
  type RateLimitTake,
} from '../core/index.ts';

/**
 * Per-user limits on chat turns (OWASP LLM10: unbounded consumption): a bucket for bursts and a daily quota
 * counted in the user's own calendar day. This is the one limit on a turn, whichever way it comes in (CLI,
 * REST, OpenAI-compatible), and it lives in the store's `limits` (the database, or Redis), so every process
 * enforces the same limit per user. The chat takes a turn with its opening rows, in the same round trip
 * (`request` builds the take, `refused` reads a refusal); `take` is the standalone take for retried turns.
 *
 * A refusal is remembered in this process until it lifts: a client that keeps sending is refused at once,
 * before the turn reads or asks anything (no store round trip, no model call), while the limit can only be
 * further away by then (other processes only take more).
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
  /** Users whose refusals are remembered at once; the oldest are forgotten beyond it. Default 10 000. */
  maxUsers: number;
}

export const DEFAULT_TURN_LIMITS: TurnLimitOptions = {
  burst: 20,
  perMinute: 10,
  dailyTurns: 1000,
  maxUsers: 10_000,
};

/** The scope of chat turns in the store's limits. */
export const TURN_SCOPE = 'chat';

export interface TurnRequest {
  userId: string;
  /** The user's IANA time zone: the daily quota resets at their local midnight. */
  timeZone: string;
  /** A retry of a failed turn: it takes from the rate limit but not from the daily quota. */
  retry?: boolean;
}

export type LimitRefusal = Extract<RateLimitOutcome, { ok: false }>;

export interface TurnLimiter {
  /** Throws LimitError when this process already knows the turn would be refused (no round trip). */
  check(turn: TurnRequest): void;
  /** The take of one turn, for the store to take with the turn's opening rows (`TurnOpening.limit`). */
  request(turn: TurnRequest): RateLimitTake;
  /** The LimitError for a refused take (remembered, and told to `onRefused`). */
  refused(refusal: LimitRefusal, turn: TurnRequest): LimitError;
  /** Takes one turn on its own (a retried turn, which writes no opening rows), or throws LimitError. */
  take(turn: TurnRequest): Promise<void>;
}

export interface TurnLimiterDeps {
  /** Where the limits live: the store's `limits`, the same the chat's `beginTurn` takes from. */
  limits: RateLimitRepository;
  /** The clock of the limits. Default: the system clock (real time). */
  now?: () => Date;
  /** Told which limit refused a turn (metrics). */
  onRefused?: (limit: 'burst' | 'daily') => void;
}

export function createTurnLimiter(options: Partial<TurnLimitOptions>, deps: TurnLimiterDeps): TurnLimiter {
  const now = deps.now ?? (() => new Date());
  const resolved = { ...DEFAULT_TURN_LIMITS, ...definedOnly(options) };
  const { dailyTurns, maxUsers } = resolved;
  if (dailyTurns !== null && !(Number.isInteger(dailyTurns) && dailyTurns > 0)) {
    throw new RangeError(`dailyTurns must be a whole number > 0 or null, got ${dailyTurns}`);
  }
  const bucket: BucketRate = checkBucketRate({
    capacity: resolved.burst,
    refillPerMinute: resolved.perMinute,
  });
  /** Refusals known here, per user: until when the bucket refuses, and for which day the quota is spent. */
  const known = new Map<string, { bucketUntil: number; quotaSpent: string | null }>();
  const remember = (userId: string, patch: Partial<{ bucketUntil: number; quotaSpent: string }>) => {
    const entry = { bucketUntil: 0, quotaSpent: null, ...known.get(userId), ...patch };
    known.delete(userId);
    known.set(userId, entry);
    while (known.size > maxUsers) known.delete(known.keys().next().value as string);
  };

  const dailyError = (at: Date, turn: TurnRequest) =>
    new LimitError(
      `daily limit reached: ${(dailyTurns ?? 0).toLocaleString('en-US')} messages a day; it resets at midnight`,
      {
        retryAfterMs: msUntilLocalMidnight(at, turn.timeZone),
        hint: 'come back tomorrow; taking a break is a good idea too',
      },
    );
  const burstError = (retryAfterMs: number) =>
    new LimitError(`too many requests: try again in ${Math.ceil(retryAfterMs / 1000)} s`, {
      retryAfterMs,
      hint: 'wait a moment, then send again',
    });

  const limiter: TurnLimiter = {
    check(turn) {
      const entry = known.get(turn.userId);
      if (!entry) return;
      const at = now();
      if (!turn.retry && dailyTurns !== null && entry.quotaSpent === localDate(at, turn.timeZone)) {
        deps.onRefused?.('daily');
        throw dailyError(at, turn);
      }
      const wait = entry.bucketUntil - at.getTime();
      if (wait > 0) {
        deps.onRefused?.('burst');
        throw burstError(wait);
      }
    },
    request(turn) {
      const at = now();
      return {
        scope: TURN_SCOPE,
        userId: turn.userId,
        at,
        bucket,
        ...(dailyTurns === null
          ? {}
          : { quota: { period: localDate(at, turn.timeZone), limit: dailyTurns, count: !turn.retry } }),
      };
    },
    refused(refusal, turn) {
      const at = now();
      if (refusal.refusedBy === 'quota') {
        remember(turn.userId, { quotaSpent: localDate(at, turn.timeZone) });
        deps.onRefused?.('daily');
        return dailyError(at, turn);
      }
      remember(turn.userId, { bucketUntil: at.getTime() + refusal.retryAfterMs });
      deps.onRefused?.('burst');
      return burstError(refusal.retryAfterMs);
    },
    async take(turn) {
      limiter.check(turn);
      const outcome = await deps.limits.take(limiter.request(turn));
      if (!outcome.ok) throw limiter.refused(outcome, turn);
    },
  };
  return limiter;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
