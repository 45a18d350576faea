import type { Embedder, Logger, Memory, StoredEmbedding } from '../core/index.ts';

/** New memories with their vectors, ready for `MemoryRepository.insert`. */
export type MemoryInsert = { memory: Memory; embedding: StoredEmbedding | null };

/**
 * Embeds new memories with the configured embedder. When it fails they are stored without vectors (logged;
 * `reindex` fills them later): a memory is never lost for an embedding error.
 */
export async function embedNewMemories(
  deps: { embedder: Embedder; logger: Logger },
  memories: Memory[],
  userId: string,
): Promise<{ items: MemoryInsert[]; embedded: boolean }> {
  const vectors = await embedOrNull(deps, memories, userId);
  const items = memories.map((memory, i) => {
    const vector = vectors?.[i];
    const embedding: StoredEmbedding | null = vector ? { vector, model: deps.embedder.id } : null;
    return { memory: { ...memory, embeddingModel: embedding ? embedding.model : null }, embedding };
  });
  return { items, embedded: vectors !== null };
}

async function embedOrNull(
  deps: { embedder: Embedder; logger: Logger },
  memories: Memory[],
  userId: string,
): Promise<number[][] | null> {
  if (memories.length === 0) return [];
  try {
    const vectors = await deps.embedder.embed(
      memories.map((m) => m.text),
      { purpose: 'embed', userId, ...(memories[0] && { petId: memories[0].petId }) },
    );
    if (vectors.length !== memories.length)
      throw new Error(`expected ${memories.length} vectors, got ${vectors.length}`);
    return vectors;
  } catch (error) {
    deps.logger.warn('memories stored without vectors; run reindex', {
      embedder: deps.embedder.id,
      error: error instanceof Error ? error : String(error),
      count: memories.length,
    });
    return null;
  }
}
