import type { Embedder, Logger, MemoryRepository } from '../core/index.ts';

/** Removes memories past their expiry (the management stage's periodic clean-up). */
export async function sweepMemories(
  deps: { memories: Pick<MemoryRepository, 'sweepExpired'> },
  req: { now: Date },
): Promise<{ removed: number }> {
  return { removed: await deps.memories.sweepExpired(req.now) };
}

export interface ReindexResult {
  embedded: number;
  total: number;
  model: string;
  dimensions: number;
}

/**
 * Re-embeds every memory whose vector is missing or belongs to another embedding space, in batches, after
 * ensuring the vector index for the current one. Resumable: an interrupted run leaves finished batches done.
 */
export async function reindex(
  deps: {
    memories: Pick<
      MemoryRepository,
      'ensureVectorIndex' | 'needingEmbedding' | 'countNeedingEmbedding' | 'setEmbedding'
    >;
    embedder: Embedder;
    logger: Logger;
  },
  req: {
    batchSize?: number;
    onProgress?: (done: number, total: number) => void;
    abortSignal?: AbortSignal;
  } = {},
): Promise<ReindexResult> {
  const model = deps.embedder.id;
  const dimensions = await deps.embedder.dimensions();
  await deps.memories.ensureVectorIndex(model, dimensions);
  const batchSize = Math.max(1, req.batchSize ?? 64);
  const total = await deps.memories.countNeedingEmbedding(model);
  const done = new Set<string>();
  req.onProgress?.(0, total);

  for (;;) {
    req.abortSignal?.throwIfAborted();
    const batch = await deps.memories.needingEmbedding(model, batchSize);
    if (batch.length === 0) break;
    if (batch.every((m) => done.has(m.id))) {
      throw new Error(
        `the store still reports ${batch.length} re-embedded memories as needing ${model} vectors`,
      );
    }
    const vectors = await deps.embedder.embed(
      batch.map((m) => m.text),
      { purpose: 'embed' },
      req.abortSignal ? { abortSignal: req.abortSignal } : undefined,
    );
    for (const [i, memory] of batch.entries()) {
      const vector = vectors[i];
      if (!vector || vector.length !== dimensions) {
        throw new Error(
          `embedder ${model} returned a vector of length ${vector?.length ?? 0}, expected ${dimensions}`,
        );
      }
      await deps.memories.setEmbedding(memory.id, { vector, model });
      done.add(memory.id);
    }
    req.onProgress?.(done.size, Math.max(total, done.size));
  }
  deps.logger.info('memories re-embedded', { model, dimensions, embedded: done.size });
  return { embedded: done.size, total: Math.max(total, done.size), model, dimensions };
}
