import type {
  EmbeddingModelV3Middleware,
  LanguageModelV3Middleware,
  LanguageModelV3StreamPart,
} from '@ai-sdk/provider';
import { toModelCallError } from '../policy/classify-error.ts';
import { tapStream } from '../policy/streams.ts';

/**
 * Innermost layer: whatever the provider throws, or puts in an `error` stream part, becomes a ModelCallError
 * (aborts and ipet errors pass unchanged), so every layer above and every caller sees typed errors only.
 */
export function errorMappingMiddleware(now: () => number): LanguageModelV3Middleware {
  const map = (error: unknown) => toModelCallError(error, now);
  return {
    specificationVersion: 'v3',
    async wrapGenerate({ doGenerate }) {
      try {
        return await doGenerate();
      } catch (error) {
        throw map(error);
      }
    },
    async wrapStream({ doStream }) {
      try {
        const result = await doStream();
        const stream = tapStream<LanguageModelV3StreamPart>(result.stream, {
          onPart: (part) => (part.type === 'error' ? { type: 'error', error: map(part.error) } : part),
          onError: map,
        });
        return { ...result, stream };
      } catch (error) {
        throw map(error);
      }
    },
  };
}

export function errorMappingEmbeddingMiddleware(now: () => number): EmbeddingModelV3Middleware {
  return {
    specificationVersion: 'v3',
    async wrapEmbed({ doEmbed }) {
      try {
        return await doEmbed();
      } catch (error) {
        throw toModelCallError(error, now);
      }
    },
  };
}
