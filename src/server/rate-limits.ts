import { createRateLimiter, createTurnLimiter, type RateLimiter, type TurnLimiter } from '../safety/index.ts';
import type { UserCaller } from './auth.ts';

export interface BucketSettings {
  /** Requests a caller may make in a burst. */
  capacity: number;
  /** Requests regained per minute. */
  refillPerMinute: number;
}

export interface RateLimitSettings {
  /** Chat turns (REST and OpenAI-compatible), per user: the burst and sustained rate of the turn limiter. */
  chat: BucketSettings;
  /** Model-backed generation on read (a day not generated yet, the friend pool), per user. */
  generate: BucketSettings;
  /** Product events the web app posts (`POST /api/v1/events`), per user. */
  events: BucketSettings;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  chat: { capacity: 20, refillPerMinute: 10 },
  generate: { capacity: 10, refillPerMinute: 4 },
  events: { capacity: 60, refillPerMinute: 60 },
};

/**
 * The server's rate limits: in-memory, on real time (one process; several processes each keep their own).
 * Chat turns have one limiter, the dialogue's per-user turn limiter (burst bucket and daily quota), which
 * the chat routes hand to every turn they run; the other scopes are token buckets checked here. A refused
 * request throws LimitError, which the edge answers with 429 and Retry-After.
 */
export interface RateLimits {
  /** The one limiter of chat turns (REST and OpenAI-compatible), per user. */
  turns: TurnLimiter;
  generate(caller: UserCaller): void;
  events(caller: UserCaller): void;
}

export function createRateLimits(
  settings: RateLimitSettings,
  now: () => Date,
  onLimited: (scope: string) => void = () => {},
): RateLimits {
  const make = (s: BucketSettings) => createRateLimiter({ ...s, now });
  const generatePerUser = make(settings.generate);
  const eventsPerUser = make(settings.events);
  const enforce = (limiter: RateLimiter, key: string, scope: string) => {
    try {
      limiter.enforce(key);
    } catch (error) {
      onLimited(scope);
      throw error;
    }
  };
  return {
    turns: createTurnLimiter(
      { burst: settings.chat.capacity, perMinute: settings.chat.refillPerMinute },
      { now, onRefused: (limit) => onLimited(limit === 'daily' ? 'chat-daily' : 'chat-user') },
    ),
    generate(caller) {
      enforce(generatePerUser, caller.user.id, 'generate-user');
    },
    events(caller) {
      enforce(eventsPerUser, caller.user.id, 'events-user');
    },
  };
}
