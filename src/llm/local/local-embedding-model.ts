import type { EmbeddingModelV3 } from '@ai-sdk/provider';

/** What the local embedding model needs from a loaded model. */
export interface LocalEmbeddingSession {
  embed(text: string): Promise<readonly number[]>;
  countTokens(text: string): number;
}

/**
 * An EmbeddingModelV3 over a local embedding context, one text after another (a context has one sequence).
 * The session is obtained lazily and kept.
 */
export function createLocalEmbeddingModel(options: {
  modelId: string;
  session: () => Promise<LocalEmbeddingSession>;
}): EmbeddingModelV3 {
  return {
    specificationVersion: 'v3',
    provider: 'ipet-local',
    modelId: options.modelId,
    maxEmbeddingsPerCall: Number.POSITIVE_INFINITY,
    supportsParallelCalls: false,
    async doEmbed({ values, abortSignal }) {
      const session = await options.session();
      const embeddings: number[][] = [];
      let tokens = 0;
      for (const value of values) {
        abortSignal?.throwIfAborted();
        embeddings.push(Array.from(await session.embed(value)));
        tokens += session.countTokens(value);
      }
      return { embeddings, usage: { tokens }, warnings: [] };
    },
  };
}
