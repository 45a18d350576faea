import type {
  EmbeddingModelV3Middleware,
  LanguageModelV3Middleware,
  LanguageModelV3StreamPart,
} from '@ai-sdk/provider';
import { isInteractiveCall } from '../policy/call-priority.ts';
import type { AcquireOptions, Limiter } from '../policy/semaphore.ts';
import { tapStream } from '../policy/streams.ts';

export interface ConcurrencyOptions {
  /** The provider's own limit (in-process). */
  local: Limiter;
  /** Optional fleet-wide limit, taken after the local one so that a local queue holds no global slot. */
  external?: Limiter;
}

/**
 * The permits of one attempt. Interactive calls (a chat turn's: see `isInteractiveCall`) go ahead of
 * background work and may use the permits kept for them (`Semaphore` reserve), so a turn never waits behind
 * a night's batch.
 */
async function acquireAll(
  options: ConcurrencyOptions,
  signal: AbortSignal | undefined,
  providerOptions: unknown,
  fallbackPurpose?: 'embed',
): Promise<() => void> {
  const priority: AcquireOptions = { interactive: isInteractiveCall(providerOptions, fallbackPurpose) };
  const releaseLocal = await options.local.acquire(signal, priority);
  if (!options.external) return releaseLocal;
  try {
    const releaseExternal = await options.external.acquire(signal, priority);
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
      const release = await acquireAll(options, params.abortSignal, params.providerOptions);
      try {
        return await doGenerate();
      } finally {
        release();
      }
    },
    async wrapStream({ doStream, params }) {
      const release = await acquireAll(options, params.abortSignal, params.providerOptions);
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
      const release = await acquireAll(options, params.abortSignal, params.providerOptions, 'embed');
      try {
        return await doEmbed();
      } finally {
        release();
      }
    },
  };
}
