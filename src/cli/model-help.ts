/**
 * What a person can do when no language model works, with the exact variables to set. `ipet up` prints it
 * when the model cannot be prepared, `ipet doctor` when the language model fails.
 */
export function modelAlternatives(options: { webUrl?: string; retry?: boolean } = {}): string[] {
  return [
    'use an OpenAI-compatible model server (Ollama, vLLM, LM Studio or a hosted API), for example Ollama:',
    '    ollama pull qwen2.5:1.5b',
    '    IPET_LLM_BASE_URL=http://127.0.0.1:11434/v1 IPET_LLM_MODEL=qwen2.5:1.5b ipet up',
    '  (a hosted API also needs IPET_LLM_API_KEY=...; vLLM and LM Studio: their base URL, e.g. http://127.0.0.1:8000/v1)',
    options.webUrl
      ? `or enter the server in the web app: ${options.webUrl}/settings (it is tested before it is saved)`
      : 'or enter the server in the web app under Settings (it is tested before it is saved)',
    'use a .gguf model file you already have:',
    '    IPET_LLM_MODEL_PATH=/path/to/model.gguf ipet up',
    ...(options.retry ? ['retry the download of the default model once: ipet doctor'] : []),
    'details and more examples: the "Choosing a model" section of the README',
  ];
}

/** `1.1 GB`, `380 MB`: a download size for a person. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  return `${Math.max(0, Math.round(bytes / 1e3))} kB`;
}
