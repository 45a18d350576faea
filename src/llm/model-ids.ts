import { LEXICAL_EMBEDDER_ID } from './embedding/lexical-embedder.ts';
import { modelFileLabel } from './local/default-models.ts';
import type { EmbeddingSettings, LanguageSettings } from './settings.ts';

/**
 * The language model's id in usage records and stored results (world days, evaluations): the model name
 * for a server, `local:<file>` for a local GGUF file.
 */
export function languageModelId(settings: LanguageSettings): string {
  return settings.kind === 'local' ? `local:${modelFileLabel(settings.model, 'language')}` : settings.model;
}

/**
 * The embedding space id stored with every vector; vectors with different ids are never compared.
 * - a server model: its name, since the same model served from two hosts gives the same space (moving from
 *   one host to another needs no re-embedding); with `dimensions` set, `<model>@<dimensions>`, since a
 *   shortened vector is another space;
 * - a local file: `local:<file name>` (`hf:` URIs use their file name, or `<repo>:<quant>`);
 * - the fallback: `lexical-hash-v1`.
 * A local file and a server model are different spaces even when they are the same weights: quantisation
 * and pooling differ.
 */
export function embeddingSpaceId(settings: EmbeddingSettings): string {
  switch (settings.kind) {
    case 'openai-compatible':
      return settings.dimensions === undefined ? settings.model : `${settings.model}@${settings.dimensions}`;
    case 'local':
      return `local:${modelFileLabel(settings.model, 'embedding')}`;
    case 'lexical':
      return LEXICAL_EMBEDDER_ID;
  }
}
