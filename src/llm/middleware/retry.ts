import type { EmbeddingModelV3Middleware, LanguageModelV3Middleware } from '@ai-sdk/provider';
import { type RetryOptions, runWithRetry } from '../policy/retry-loop.ts';
import { untilFirstContent } from '../policy/streams.ts';

/**
 * Transport retry (callers pass `maxRetries: 0` to the AI SDK so that retries happen only here). A stream
 * is retried only while nothing has been delivered: the attempt counts as started once its first content
 * part arrives, and a later failure reaches the caller, who keeps what it has.
 */
export function retryMiddleware(options: RetryOptions): LanguageModelV3Middleware {
  return {
    specificationVersion: 'v3',
    wrapGenerate: ({ doGenerate, params }) =>
      runWithRetry(async () => doGenerate(), params.abortSignal, options),
    wrapStream: ({ doStream, params }) =>
      runWithRetry(
        async () => {
          const result = await doStream();
          return { ...result, stream: await untilFirstContent(result.stream) };
        },
        params.abortSignal,
        options,
      ),
  };
}

export function retryEmbeddingMiddleware(options: RetryOptions): EmbeddingModelV3Middleware {
  return {
    specificationVersion: 'v3',
    wrapEmbed: ({ doEmbed, params }) => runWithRetry(async () => doEmbed(), params.abortSignal, options),
  };
}
