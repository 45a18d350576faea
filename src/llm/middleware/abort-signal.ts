import type { LanguageModelV3 } from '@ai-sdk/provider';
import { wrapLanguageModel } from 'ai';
import type { Embedder } from '../../core/index.ts';
import { anySignal, raceAbort } from '../policy/signals.ts';

/**
 * The model with `signal` added to every call's own: when it aborts, the calls in flight stop (the guard
 * below passes the signal to the slot wait, the retry backoff and the request) and new calls fail at once.
 * A batch job that has run out of time cuts its model calls with it (the nightly budget).
 */
export function withAbortSignal(model: LanguageModelV3, signal: AbortSignal | undefined): LanguageModelV3 {
  if (!signal) return model;
  return wrapLanguageModel({
    model,
    middleware: {
      specificationVersion: 'v3',
      wrapGenerate: ({ params, model: inner }) => {
        const abortSignal = anySignal(params.abortSignal, signal);
        return raceAbort(inner.doGenerate({ ...params, abortSignal }), abortSignal);
      },
      wrapStream: ({ params, model: inner }) => {
        const abortSignal = anySignal(params.abortSignal, signal);
        return raceAbort(inner.doStream({ ...params, abortSignal }), abortSignal);
      },
    },
  });
}

/** The embedder with `signal` added to every call's own (see `withAbortSignal`). */
export function embedderWithAbortSignal(embedder: Embedder, signal: AbortSignal | undefined): Embedder {
  if (!signal) return embedder;
  return {
    id: embedder.id,
    kind: embedder.kind,
    dimensions: () => embedder.dimensions(),
    embed(texts, tags, options = {}) {
      const abortSignal = anySignal(options.abortSignal, signal);
      return raceAbort(embedder.embed(texts, tags, { ...options, abortSignal }), abortSignal);
    },
  };
}
