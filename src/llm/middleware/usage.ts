import type {
  EmbeddingModelV3Middleware,
  LanguageModelV3Middleware,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
} from '@ai-sdk/provider';
import type { ModelUsageRecord } from '../../core/index.ts';
import { readCallTags } from '../policy/call-tags.ts';
import { isContentPart, tapStream } from '../policy/streams.ts';

export interface UsageOptions {
  /** Stored in each record (`ModelUsageRecord.model`). */
  modelId: string;
  now: () => number;
  /** Receives one record per call, success or failure. Must not throw (the composer guards it). */
  record: (record: ModelUsageRecord) => void;
}

/**
 * Outermost layer: one ModelUsageRecord per call (retries included), tagged with `providerOptions.ipet`
 * (purpose, userId, petId), with tokens from the V3 usage, latency and, for streams, time to first token.
 */
export function usageMiddleware(options: UsageOptions): LanguageModelV3Middleware {
  const emit = (
    providerOptions: unknown,
    start: number,
    ok: boolean,
    usage: LanguageModelV3Usage | undefined,
    firstTokenAt: number | null,
  ) => {
    const tags = readCallTags(providerOptions);
    options.record({
      purpose: tags.purpose,
      model: options.modelId,
      inputTokens: usage?.inputTokens.total ?? 0,
      outputTokens: usage?.outputTokens.total ?? 0,
      cachedInputTokens: usage?.inputTokens.cacheRead ?? 0,
      latencyMs: options.now() - start,
      timeToFirstTokenMs: firstTokenAt === null ? null : firstTokenAt - start,
      ok,
      userId: tags.userId,
      petId: tags.petId,
      at: new Date(start),
    });
  };
  return {
    specificationVersion: 'v3',
    async wrapGenerate({ doGenerate, params }) {
      const start = options.now();
      try {
        const result = await doGenerate();
        emit(params.providerOptions, start, true, result.usage, null);
        return result;
      } catch (error) {
        emit(params.providerOptions, start, false, undefined, null);
        throw error;
      }
    },
    async wrapStream({ doStream, params }) {
      const start = options.now();
      let result: Awaited<ReturnType<typeof doStream>>;
      try {
        result = await doStream();
      } catch (error) {
        emit(params.providerOptions, start, false, undefined, null);
        throw error;
      }
      let firstTokenAt: number | null = null;
      let usage: LanguageModelV3Usage | undefined;
      let failed = false;
      const done = () => emit(params.providerOptions, start, !failed, usage, firstTokenAt);
      const stream = tapStream<LanguageModelV3StreamPart>(result.stream, {
        onPart: (part) => {
          if (firstTokenAt === null && isContentPart(part)) firstTokenAt = options.now();
          if (part.type === 'finish') usage = part.usage;
          if (part.type === 'error') failed = true;
          return part;
        },
        onError: (error) => {
          failed = true;
          done();
          return error;
        },
        onDone: done,
        onCancel: done,
      });
      return { ...result, stream };
    },
  };
}

export function usageEmbeddingMiddleware(options: UsageOptions): EmbeddingModelV3Middleware {
  return {
    specificationVersion: 'v3',
    async wrapEmbed({ doEmbed, params }) {
      const start = options.now();
      const tags = readCallTags(params.providerOptions, 'embed');
      const emit = (ok: boolean, tokens: number) =>
        options.record({
          purpose: tags.purpose,
          model: options.modelId,
          inputTokens: tokens,
          outputTokens: 0,
          cachedInputTokens: 0,
          latencyMs: options.now() - start,
          timeToFirstTokenMs: null,
          ok,
          userId: tags.userId,
          petId: tags.petId,
          at: new Date(start),
        });
      try {
        const result = await doEmbed();
        emit(true, result.usage?.tokens ?? 0);
        return result;
      } catch (error) {
        emit(false, 0);
        throw error;
      }
    },
  };
}
