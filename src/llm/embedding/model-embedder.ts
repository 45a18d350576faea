import type { EmbeddingModelV3, SharedV3ProviderOptions } from '@ai-sdk/provider';
import type { Embedder, EmbedTags } from '../../core/index.ts';
import { ModelCallError, tagsToProviderOptions } from '../../core/index.ts';

export interface ModelEmbedderOptions {
  /** The embedding space id (see `embeddingSpaceId`). */
  id: string;
  kind: 'remote' | 'local';
  /** A guarded model: retries, limits and usage accounting happen inside. */
  model: EmbeddingModelV3;
  /** Texts per call. */
  batchSize: number;
  /** Known vector length (configured); otherwise learnt from the first answer. */
  dimensions?: number;
  /** Extra provider options for every call (e.g. `openaiCompatible.dimensions`). */
  providerOptions?: SharedV3ProviderOptions;
  /** L2-normalise the vectors (local models often return raw pooled vectors). */
  normalize?: boolean;
}

/** An Embedder over an AI SDK embedding model: batching, call tags, a check of what came back. */
export function createModelEmbedder(options: ModelEmbedderOptions): Embedder {
  let known = options.dimensions;

  const embedBatch = async (batch: string[], tags: EmbedTags, abortSignal: AbortSignal | undefined) => {
    const result = await options.model.doEmbed({
      values: batch.map((text) => (text.length === 0 ? ' ' : text)),
      ...(abortSignal ? { abortSignal } : {}),
      providerOptions: { ...options.providerOptions, ...tagsToProviderOptions(tags) },
    });
    if (result.embeddings.length !== batch.length) {
      throw invalidAnswer(`${result.embeddings.length} vectors for ${batch.length} texts`);
    }
    for (const vector of result.embeddings) {
      known ??= vector.length;
      if (vector.length !== known)
        throw invalidAnswer(`a vector of ${vector.length} dimensions, not ${known}`);
    }
    return options.normalize ? result.embeddings.map(normalize) : result.embeddings;
  };

  const embedder: Embedder = {
    id: options.id,
    kind: options.kind,
    async dimensions() {
      if (known === undefined) await embedder.embed(['dimensions'], { purpose: 'embed' });
      return known as number;
    },
    async embed(texts, tags = { purpose: 'embed' }, callOptions = {}) {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += options.batchSize) {
        const batch = texts.slice(start, start + options.batchSize);
        vectors.push(...(await embedBatch(batch, tags, callOptions.abortSignal)));
      }
      return vectors;
    },
  };
  return embedder;
}

function invalidAnswer(what: string): ModelCallError {
  return new ModelCallError(`the embedding model returned ${what}`, {
    kind: 'http',
    hint: 'check that IPET_EMBED_MODEL names an embedding model',
    isRetryable: false,
  });
}

function normalize(vector: number[]): number[] {
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((v) => v / norm);
}
