import type {
  EmbeddingModelV3Middleware,
  LanguageModelV3Middleware,
  LanguageModelV3StreamPart,
} from '@ai-sdk/provider';
import { ModelCallError } from '../../core/index.ts';
import { anySignal, type Deadline, raceAbort, startDeadline, type Timer } from '../policy/signals.ts';
import { isContentPart, tapStream } from '../policy/streams.ts';

export interface TimeoutOptions {
  ms: number;
  timer: Timer;
}

function timeoutError(what: string, ms: number): ModelCallError {
  return new ModelCallError(`the model gave no ${what} within ${formatMs(ms)}`, {
    kind: 'timeout',
    hint: 'the model server is slow or stuck; retry, or raise the timeout (IPET_LLM_TIMEOUT_MS, IPET_LLM_FIRST_TOKEN_TIMEOUT_MS, IPET_LLM_RESPONSE_TIMEOUT_MS, IPET_EMBED_TIMEOUT_MS)',
    isRetryable: true,
  });
}

/** Rethrows the deadline's own error when it fired, whatever the model threw on being aborted. */
function explain(deadline: Deadline, error: unknown): unknown {
  return deadline.expired ? deadline.signal.reason : error;
}

/**
 * Bounds a whole call, retries and backoff included: the deadline is combined with the caller's signal and
 * passed down, so waits and attempts below stop when it fires. Streams keep the deadline until they end.
 */
export function totalTimeoutMiddleware(options: TimeoutOptions): LanguageModelV3Middleware {
  return {
    specificationVersion: 'v3',
    async wrapGenerate({ params, model }) {
      const deadline = startDeadline(options.ms, options.timer, () => timeoutError('answer', options.ms));
      const signal = anySignal(params.abortSignal, deadline.signal);
      try {
        return await raceAbort(model.doGenerate({ ...params, abortSignal: signal }), signal);
      } catch (error) {
        throw explain(deadline, error);
      } finally {
        deadline.clear();
      }
    },
    async wrapStream({ params, model }) {
      const deadline = startDeadline(options.ms, options.timer, () =>
        timeoutError('complete answer', options.ms),
      );
      const signal = anySignal(params.abortSignal, deadline.signal);
      try {
        const result = await raceAbort(model.doStream({ ...params, abortSignal: signal }), signal);
        const stream = tapStream<LanguageModelV3StreamPart>(
          result.stream,
          {
            onError: (error) => {
              deadline.clear();
              return explain(deadline, error);
            },
            onDone: () => deadline.clear(),
            onCancel: () => deadline.clear(),
          },
          signal,
        );
        return { ...result, stream };
      } catch (error) {
        deadline.clear();
        throw explain(deadline, error);
      }
    },
  };
}

/**
 * Per attempt: the first content part of a stream must arrive within `ms`, and a generate call's answer
 * (structured output: it arrives in one piece) within `responseMs` when given. Either way the attempt fails
 * with a retryable timeout, its request is aborted, and the layers outside give its permit back; the total
 * timeout still bounds the whole call. Without `responseMs` (local models, whose time is compute), generate
 * calls are only raced with the signal, so that a model that ignores its abort signal still stops.
 */
export function firstTokenTimeoutMiddleware(
  options: TimeoutOptions & { responseMs?: number | null },
): LanguageModelV3Middleware {
  const responseMs = options.responseMs ?? null;
  return {
    specificationVersion: 'v3',
    async wrapGenerate({ params, model }) {
      if (responseMs === null) return raceAbort(model.doGenerate(params), params.abortSignal);
      const deadline = startDeadline(responseMs, options.timer, () => timeoutError('answer', responseMs));
      const signal = anySignal(params.abortSignal, deadline.signal);
      try {
        return await raceAbort(model.doGenerate({ ...params, abortSignal: signal }), signal);
      } catch (error) {
        throw explain(deadline, error);
      } finally {
        deadline.clear();
      }
    },
    async wrapStream({ params, model }) {
      const deadline = startDeadline(options.ms, options.timer, () =>
        timeoutError('first token', options.ms),
      );
      const signal = anySignal(params.abortSignal, deadline.signal);
      try {
        const result = await raceAbort(model.doStream({ ...params, abortSignal: signal }), signal);
        const stream = tapStream<LanguageModelV3StreamPart>(
          result.stream,
          {
            onPart: (part) => {
              if (isContentPart(part) || part.type === 'finish') deadline.clear();
              return part;
            },
            onError: (error) => {
              deadline.clear();
              return explain(deadline, error);
            },
            onDone: () => deadline.clear(),
            onCancel: () => deadline.clear(),
          },
          signal,
        );
        return { ...result, stream };
      } catch (error) {
        deadline.clear();
        throw explain(deadline, error);
      }
    },
  };
}

export function totalTimeoutEmbeddingMiddleware(options: TimeoutOptions): EmbeddingModelV3Middleware {
  return {
    specificationVersion: 'v3',
    async wrapEmbed({ params, model }) {
      const deadline = startDeadline(options.ms, options.timer, () => timeoutError('embeddings', options.ms));
      const signal = anySignal(params.abortSignal, deadline.signal);
      try {
        return await raceAbort(model.doEmbed({ ...params, abortSignal: signal }), signal);
      } catch (error) {
        throw explain(deadline, error);
      } finally {
        deadline.clear();
      }
    },
  };
}

/**
 * Per attempt: an embedding request must answer within `ms` (a hung one would otherwise hold its permit, and
 * a chat turn's memory lookup with it, until the total timeout).
 */
export function responseTimeoutEmbeddingMiddleware(options: TimeoutOptions): EmbeddingModelV3Middleware {
  return {
    specificationVersion: 'v3',
    async wrapEmbed({ params, model }) {
      const deadline = startDeadline(options.ms, options.timer, () => timeoutError('embeddings', options.ms));
      const signal = anySignal(params.abortSignal, deadline.signal);
      try {
        return await raceAbort(model.doEmbed({ ...params, abortSignal: signal }), signal);
      } catch (error) {
        throw explain(deadline, error);
      } finally {
        deadline.clear();
      }
    },
  };
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
