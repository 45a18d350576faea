import { createHash } from 'node:crypto';
import { createClient } from '@redis/client';
import {
  bucketRemaining,
  ConfigError,
  type CounterRepository,
  checkBucketRate,
  emissionIntervalMs,
  type Logger,
  type RateLimitRepository,
  silentLogger,
} from '../core/index.ts';
import { counterKey, mergeDeltas } from './counter-repository.ts';
import { refusalFrom } from './rate-limit-repository.ts';

/**
 * The rate limits and `/metrics` counters on Redis (`IPET_REDIS_URL`), for deployments that prefer to keep
 * these hot counters off the database. Same semantics as the store's tables: a take is one script run
 * (GCRA and the period quota under Redis's single-threaded execution, `core/rate-bucket.ts`), a flush of
 * counters one script run, the totals one HGETALL.
 */
export interface RedisShared {
  limits: RateLimitRepository;
  counters: CounterRepository;
  close(): Promise<void>;
}

export interface RedisSharedOptions {
  url: string;
  /** Prefix of every key (default `ipet:`); tests use their own. */
  prefix?: string;
  logger?: Logger;
}

/** A bucket row lives this long after its last take: longer than any bucket refill or quota period. */
const LIMIT_TTL_MS = 2 * 86_400_000;

// KEYS[1] the bucket hash; ARGV: now, interval, capacity * interval, period ('' none), quota (0 none),
// counted (0/1), ttl. Returns {1, tat, used} when admitted, {0, tat, period, used} when refused.
// Numbers go back as strings: Redis would truncate Lua numbers to integers.
const TAKE_SCRIPT = `
local h = redis.call('HMGET', KEYS[1], 'tat', 'period', 'used')
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local period = ARGV[4]
local quota = tonumber(ARGV[5])
local counted = tonumber(ARGV[6])
local tat = tonumber(h[1]) or now
local stored = h[2] or ''
local used = tonumber(h[3]) or 0
if stored ~= period then used = 0 end
local nextTat = math.max(tat, now) + interval
if nextTat - now > limit or (counted > 0 and quota > 0 and used >= quota) then
  return {0, tostring(tat), stored, tostring(tonumber(h[3]) or 0)}
end
used = used + counted
redis.call('HSET', KEYS[1], 'tat', string.format('%.3f', nextTat), 'period', period, 'used', used)
redis.call('PEXPIRE', KEYS[1], ARGV[7])
return {1, string.format('%.3f', nextTat), tostring(used)}
`;

// KEYS[1] the counters hash; ARGV: field, delta, field, delta...
const ADD_SCRIPT = `
for i = 1, #ARGV, 2 do redis.call('HINCRBYFLOAT', KEYS[1], ARGV[i], ARGV[i + 1]) end
return #ARGV / 2
`;

export async function openRedisShared(options: RedisSharedOptions): Promise<RedisShared> {
  const logger = options.logger ?? silentLogger;
  const prefix = options.prefix ?? 'ipet:';
  let connected = false;
  const client = createClient({
    url: options.url,
    // A command while the connection is down fails at once (a turn answers an error) instead of waiting.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 5_000,
      // The first connection fails fast (a wrong URL is a configuration error); a lost one is retried.
      reconnectStrategy: (retries: number, cause: Error) =>
        connected ? Math.min(100 * 2 ** retries, 3_000) : cause,
    },
  });
  client.on('error', (error: Error) => {
    if (connected) logger.warn('redis: connection error', { error });
  });
  try {
    await client.connect();
    connected = true;
  } catch (cause) {
    client.destroy();
    throw new ConfigError(`could not connect to Redis at ${redactRedisUrl(options.url)}`, {
      cause,
      hint: 'start Redis, or unset IPET_REDIS_URL to keep rate limits and metrics in the database',
    });
  }

  const shas = new Map<string, string>();
  /** EVALSHA, loading the script on first use (and again after a SCRIPT FLUSH or a restart). */
  const run = async (script: string, keys: string[], args: string[]): Promise<unknown> => {
    let sha = shas.get(script);
    if (!sha) {
      sha = createHash('sha1').update(script).digest('hex');
      shas.set(script, sha);
    }
    try {
      return await client.sendCommand(['EVALSHA', sha, String(keys.length), ...keys, ...args]);
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return client.sendCommand(['EVAL', script, String(keys.length), ...keys, ...args]);
    }
  };
  const countersKey = `${prefix}counters`;

  return {
    limits: {
      async take(request) {
        const rate = checkBucketRate(request.bucket);
        const interval = emissionIntervalMs(rate);
        const now = request.at.getTime();
        const quota = request.quota;
        const reply = (await run(
          TAKE_SCRIPT,
          [`${prefix}limit:${request.scope}:${request.userId}`],
          [
            String(now),
            String(interval),
            String(rate.capacity * interval),
            quota?.period ?? '',
            String(quota?.limit ?? 0),
            quota?.count ? '1' : '0',
            String(LIMIT_TTL_MS),
          ],
        )) as Array<string | number>;
        if (Number(reply[0]) === 1) {
          return {
            ok: true,
            remaining: bucketRemaining(Number(reply[1]), now, rate),
            quotaUsed: quota ? Number(reply[2]) : null,
          };
        }
        const period = String(reply[2] ?? '');
        return refusalFrom(
          { tat: Number(reply[1]), period: period === '' ? null : period, used: Number(reply[3]) },
          request,
        );
      },
    },
    counters: {
      async add(deltas) {
        const rows = mergeDeltas(deltas);
        if (rows.length === 0) return;
        await run(
          ADD_SCRIPT,
          [countersKey],
          rows.flatMap((d) => [counterKey(d.name, d.labels), String(d.value)]),
        );
      },
      async totals() {
        const all = (await client.sendCommand(['HGETALL', countersKey])) as string[] | Record<string, string>;
        const pairs = Array.isArray(all)
          ? Array.from({ length: all.length / 2 }, (_, i) => [all[2 * i]!, all[2 * i + 1]!] as const)
          : Object.entries(all);
        return pairs.map(([field, value]) => {
          const [name, labels] = JSON.parse(field) as [string, Array<[string, string]>];
          return { name, labels: Object.fromEntries(labels), value: Number(value) };
        });
      },
    },
    async close() {
      await client.close().catch(() => client.destroy());
    },
  };
}

/** The URL without its password, for messages. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'redis://(unparsable url)';
  }
}
