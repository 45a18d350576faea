import type {
  EmbeddingModelV3Middleware,
  LanguageModelV3Middleware,
  LanguageModelV3StreamPart,
} from '@ai-sdk/provider';
import type { Limiter } from '../policy/semaphore.ts';
import { tapStream } from '../policy/streams.ts';

export interface ConcurrencyOptions {
  /** The provider's own limit (in-process). */
  local: Limiter;
  /** Optional fleet-wide limit, taken after the local one so that a local queue holds no global slot. */
  external?: Limiter;
}

async function acquireAll(options: ConcurrencyOptions, signal: AbortSignal | undefined): Promise<() => void> {
  const releaseLocal = await options.local.acquire(signal);
  if (!options.external) return releaseLocal;
  try {
    const releaseExternal = await options.external.acquire(signal);
    return () => {
      releaseExternal();
      releaseLocal();
    };
  } catch (error) {
    releaseLocal();
    throw error;
  }
}

/** One permit per attempt, held until the answer is complete (a stream: until it ends, fails or is cancelled). */
export function concurrencyMiddleware(options: ConcurrencyOptions): LanguageModelV3Middleware {
  return {
    specificationVersion: 'v3',
    async wrapGenerate({ doGenerate, params }) {
      const release = await acquireAll(options, params.abortSignal);
      try {
        return await doGenerate();
      } finally {
        release();
      }
    },
    async wrapStream({ doStream, params }) {
      const release = await acquireAll(options, params.abortSignal);
      try {
        const result = await doStream();
        const stream = tapStream<LanguageModelV3StreamPart>(
          result.stream,
          {
            onError: (error) => {
              release();
              return error;
            },
            onDone: release,
            onCancel: release,
          },
          params.abortSignal,
        );
        return { ...result, stream };
      } catch (error) {
        release();
        throw error;
      }
    },
  };
}

export function concurrencyEmbeddingMiddleware(options: ConcurrencyOptions): EmbeddingModelV3Middleware {
  return {
    specificationVersion: 'v3',
    async wrapEmbed({ doEmbed, params }) {
      const release = await acquireAll(options, params.abortSignal);
      try {
        return await doEmbed();
      } finally {
        release();
      }
    },
  };
}
