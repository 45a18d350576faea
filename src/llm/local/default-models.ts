/**
 * Models used when a local model is configured as `'default'`. Both are small, multilingual (the pet
 * speaks English and Chinese) and run on a CPU:
 * - language: Qwen2.5 1.5B Instruct, Q4_K_M (1.12 GB), from Qwen's own GGUF repository; good enough for
 *   chat and for JSON under a grammar, where the 0.5B model often is not.
 * - embedding: BGE-M3, Q4_K_M (about 0.44 GB, 1024 dimensions), multilingual. Used when the language model
 *   is local and no embedding model is named (downloaded by `ipet up`/`serve`/`reindex`, see
 *   choose-embedding.ts), or when asked for (`IPET_EMBED_MODEL_PATH=default`); the offline lexical embedder
 *   stands in while it is missing.
 */
export const DEFAULT_LOCAL_LANGUAGE_MODEL =
  'hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf';
export const DEFAULT_LOCAL_EMBEDDING_MODEL = 'hf:gpustack/bge-m3-GGUF/bge-m3-Q4_K_M.gguf';

/**
 * Download sizes of the defaults, as shown to a person before the first run (README, `ipet up`). From the
 * Hugging Face file pages ("Size of remote file": 1.12 GB for qwen2.5-1.5b-instruct-q4_k_m.gguf; 438 MB
 * for a bge-m3-Q4_K_M.gguf conversion of the same model), not measured here; the progress bar shows the
 * exact size the server reports.
 */
export const DEFAULT_LOCAL_MODEL_SIZES = { language: '1.12 GB', embedding: '0.44 GB' } as const;

export type LocalModelRole = 'language' | 'embedding';

export function resolveDefaultModel(model: string, role: LocalModelRole): string {
  if (model !== 'default') return model;
  return role === 'language' ? DEFAULT_LOCAL_LANGUAGE_MODEL : DEFAULT_LOCAL_EMBEDDING_MODEL;
}

/** True for `hf:` URIs and http(s) URLs (downloaded into the models directory). */
export function isRemoteModel(model: string): boolean {
  return /^hf:/i.test(model) || /^https?:\/\//i.test(model);
}

/**
 * A short, stable label for a model file, known before any download: the file name of a path or URL,
 * or `<repo>:<quant>` for `hf:user/repo:quant`.
 */
export function modelFileLabel(model: string, role: LocalModelRole): string {
  const resolved = resolveDefaultModel(model, role);
  const withoutQuery = resolved.replace(/[?#].*$/, '');
  if (/^hf:/i.test(withoutQuery)) {
    const parts = withoutQuery.slice(3).split('/');
    return parts.length > 2 ? (parts.at(-1) ?? withoutQuery) : (parts[1] ?? withoutQuery);
  }
  return withoutQuery.split(/[\\/]/).at(-1) ?? withoutQuery;
}

/** The environment variable that names a local model file, for error hints. */
export function modelPathVariable(role: LocalModelRole): string {
  return role === 'language' ? 'IPET_LLM_MODEL_PATH' : 'IPET_EMBED_MODEL_PATH';
}
