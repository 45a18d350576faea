import type { EmbeddingModelV3, LanguageModelV3 } from '@ai-sdk/provider';
import { wrapEmbeddingModel, wrapLanguageModel } from 'ai';
import type { Logger, ModelUsageRecord, Sleep } from '../../core/index.ts';
import type { CircuitBreaker } from '../policy/circuit-breaker.ts';
import type { Limiter } from '../policy/semaphore.ts';
import type { Timer } from '../policy/signals.ts';
import type { ModelLimits } from '../settings.ts';
import { circuitBreakerEmbeddingMiddleware, circuitBreakerMiddleware } from './circuit-breaker.ts';
import { concurrencyEmbeddingMiddleware, concurrencyMiddleware } from './concurrency.ts';
import { errorMappingEmbeddingMiddleware, errorMappingMiddleware } from './error-mapping.ts';
import { retryEmbeddingMiddleware, retryMiddleware } from './retry.ts';
import {
  firstTokenTimeoutMiddleware,
  responseTimeoutEmbeddingMiddleware,
  totalTimeoutEmbeddingMiddleware,
  totalTimeoutMiddleware,
} from './timeouts.ts';
import { usageEmbeddingMiddleware, usageMiddleware } from './usage.ts';

export interface GuardOptions {
  /** Model id written to usage records and logs. */
  modelId: string;
  limits: ModelLimits;
  /** Transport retries; off for local models, whose failures are not transient. */
  retry: boolean;
  /**
   * Per-attempt deadlines of answers that come in one piece (generate, embed): on for remote servers (a hung
   * request), off for local models (their time is compute; the total timeout bounds them).
   */
  responseTimeouts?: boolean;
  /** null: no circuit breaker (local models). */
  breaker: CircuitBreaker | null;
  /** The provider's semaphore (shared by all models on the same provider). */
  semaphore: Limiter;
  /** Optional fleet-wide limiter; told of every 429 (`Limiter.slowDown`). */
  limiter?: Limiter;
  sleep: Sleep;
  timer: Timer;
  random: () => number;
  now: () => number;
  logger: Logger;
  record: (record: ModelUsageRecord) => void;
}

/**
 * The one place where the layers are put together, outermost first:
 * usage -> total timeout -> retry -> circuit breaker -> concurrency -> first-token / response timeout ->
 * error mapping.
 * Usage sees the call as the caller does; the deadline bounds retries and waits; each attempt passes the
 * breaker and takes a permit (interactive calls first, see `concurrencyMiddleware`); the first-token (a
 * stream) or response (a generate call) clock starts once the permit is held, and an attempt it ends gives
 * its permit back and is retried; errors are typed before any layer looks at them.
 */
export function guardLanguageModel(model: LanguageModelV3, options: GuardOptions): LanguageModelV3 {
  const { limits } = options;
  return wrapLanguageModel({
    model,
    middleware: [
      usageMiddleware({ modelId: options.modelId, now: options.now, record: options.record }),
      totalTimeoutMiddleware({ ms: limits.totalTimeoutMs, timer: options.timer }),
      ...(options.retry ? [retryMiddleware(retryOptions(options))] : []),
      ...(options.breaker ? [circuitBreakerMiddleware(options.breaker)] : []),
      concurrencyMiddleware(concurrency(options)),
      firstTokenTimeoutMiddleware({
        ms: limits.firstTokenTimeoutMs,
        responseMs: options.responseTimeouts === false ? null : limits.responseTimeoutMs,
        timer: options.timer,
      }),
      errorMappingMiddleware(options.now),
    ],
  });
}

/** The same layers for embeddings (a response timeout per attempt instead of a first token). */
export function guardEmbeddingModel(model: EmbeddingModelV3, options: GuardOptions): EmbeddingModelV3 {
  const { limits } = options;
  return wrapEmbeddingModel({
    model,
    middleware: [
      usageEmbeddingMiddleware({ modelId: options.modelId, now: options.now, record: options.record }),
      totalTimeoutEmbeddingMiddleware({ ms: limits.totalTimeoutMs, timer: options.timer }),
      ...(options.retry ? [retryEmbeddingMiddleware(retryOptions(options))] : []),
      ...(options.breaker ? [circuitBreakerEmbeddingMiddleware(options.breaker)] : []),
      concurrencyEmbeddingMiddleware(concurrency(options)),
      ...(options.responseTimeouts === false
        ? []
        : [responseTimeoutEmbeddingMiddleware({ ms: limits.embeddingTimeoutMs, timer: options.timer })]),
      errorMappingEmbeddingMiddleware(options.now),
    ],
  });
}

function retryOptions(options: GuardOptions) {
  return {
    maxRetries: options.limits.maxRetries,
    baseDelayMs: options.limits.retryBaseDelayMs,
    maxDelayMs: options.limits.retryMaxDelayMs,
    sleep: options.sleep,
    random: options.random,
    now: options.now,
    logger: options.logger,
    name: options.modelId,
    // The fleet-wide limiter hears of every 429 from here, typed (no one reads it back from a log line).
    onRateLimited: (retryAfterMs: number | undefined) => options.limiter?.slowDown?.(retryAfterMs),
  };
}

function concurrency(options: GuardOptions) {
  return { local: options.semaphore, ...(options.limiter ? { external: options.limiter } : {}) };
}
