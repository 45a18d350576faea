import type { RateLimitRepository } from '../core/index.ts';
import { createRateLimiter, createTurnLimiter, type TurnLimiter } from '../safety/index.ts';
import type { UserCaller } from './auth.ts';

export interface BucketSettings {
  /** Requests a caller may make in a burst. */
  capacity: number;
  /** Requests regained per minute (> 0). */
  refillPerMinute: number;
}

export interface RateLimitSettings {
  /** Chat turns (REST and OpenAI-compatible), per user: the burst and sustained rate of the turn limiter. */
  chat: BucketSettings;
  /** Model-backed generation on read (a day not generated yet, the friend pool), per user. */
  generate: BucketSettings;
  /** Product events the web app posts (`POST /api/v1/events`), per user. */
  events: BucketSettings;
  /** Sign-in attempts with a recovery code (`POST /api/v1/session`), per client address and per code. */
  signin: BucketSettings;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  chat: { capacity: 20, refillPerMinute: 10 },
  generate: { capacity: 10, refillPerMinute: 4 },
  events: { capacity: 60, refillPerMinute: 60 },
  signin: { capacity: 10, refillPerMinute: 2 },
};

/**
 * The server's rate limits, kept in the store's `limits` (the database, or Redis with `IPET_REDIS_URL`), so
 * any number of server processes enforce one limit per user; on real time. Chat turns have one limiter,
 * the dialogue's per-user turn limiter (burst bucket and daily quota, taken with the turn's first write),
 * which the chat routes hand to every turn they run; the other scopes are buckets checked here. A refused
 * request throws LimitError, which the edge answers with 429 and Retry-After.
 */
export interface RateLimits {
  /** The one limiter of chat turns (REST and OpenAI-compatible), per user. */
  turns: TurnLimiter;
  generate(caller: UserCaller): Promise<void>;
  events(caller: UserCaller): Promise<void>;
  /** One sign-in attempt from this address with a code of this hash: both buckets must allow it. */
  signin(ip: string, codeHash: string): Promise<void>;
}

export function createRateLimits(
  settings: RateLimitSettings,
  deps: { limits: RateLimitRepository; now: () => Date; onLimited?: (scope: string) => void },
): RateLimits {
  const { limits, now } = deps;
  const onLimited = deps.onLimited ?? (() => {});
  const bucket = (scope: string, s: BucketSettings) => {
    const limiter = createRateLimiter({ scope, ...s, limits, now });
    return async (caller: UserCaller) => {
      try {
        await limiter.enforce(caller.user.id);
      } catch (error) {
        onLimited(`${scope}-user`);
        throw error;
      }
    };
  };
  return {
    turns: createTurnLimiter(
      { burst: settings.chat.capacity, perMinute: settings.chat.refillPerMinute },
      { limits, now, onRefused: (limit) => onLimited(limit === 'daily' ? 'chat-daily' : 'chat-user') },
    ),
    generate: bucket('generate', settings.generate),
    events: bucket('events', settings.events),
    signin: (() => {
      const limiter = createRateLimiter({ scope: 'signin', ...settings.signin, limits, now });
      return async (ip: string, codeHash: string) => {
        try {
          await limiter.enforce(`ip:${ip}`);
          await limiter.enforce(`code:${codeHash.slice(0, 32)}`);
        } catch (error) {
          onLimited('signin');
          throw error;
        }
      };
    })(),
  };
}
