import type { ModelPurpose } from '../entities.ts';
import type { CallPriority } from '../structured/call-tags.ts';

/** Who an embedding call is for (usage accounting), like `CallTags` for language model calls. */
export interface EmbedTags {
  purpose: ModelPurpose;
  userId?: string;
  petId?: string;
  /** `interactive`: a chat turn's memory lookup (see `CallTags.priority`); default background. */
  priority?: CallPriority;
}

/**
 * Turns texts into vectors. `id` names the vector space and is stored with every vector: vectors with
 * different ids are never compared (the store re-embeds when the id changes).
 */
export interface Embedder {
  /** The embedding space: the model id for remote models, `local:<file>`, or `lexical-hash-v1`. */
  readonly id: string;
  readonly kind: 'remote' | 'local' | 'lexical';
  /** Vector length (may ask the model once). */
  dimensions(): Promise<number>;
  /** One vector per text, in order. */
  embed(texts: string[], tags?: EmbedTags, options?: { abortSignal?: AbortSignal }): Promise<number[][]>;
}
