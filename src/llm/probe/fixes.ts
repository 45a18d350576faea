import { IpetError, ModelCallError } from '../../core/index.ts';

export type ProbeRole = 'language' | 'embedding';

const VARS = {
  language: {
    base: 'IPET_LLM_BASE_URL (or OPENAI_BASE_URL)',
    key: 'IPET_LLM_API_KEY (or OPENAI_API_KEY)',
    model: 'IPET_LLM_MODEL',
  },
  embedding: {
    base: 'IPET_EMBED_BASE_URL',
    key: 'IPET_EMBED_API_KEY (or IPET_LLM_API_KEY, OPENAI_API_KEY)',
    model: 'IPET_EMBED_MODEL',
  },
} as const;

export const NOT_CONFIGURED_FIX =
  'set IPET_LLM_BASE_URL and IPET_LLM_MODEL (plus IPET_LLM_API_KEY if the server needs one), or OPENAI_BASE_URL and OPENAI_API_KEY, or IPET_LLM_MODEL_PATH to a local .gguf file';

export const LEXICAL_FIX =
  'embeddings use the offline lexical fallback (reduced retrieval quality): set IPET_EMBED_BASE_URL and IPET_EMBED_MODEL, or IPET_EMBED_MODEL_PATH, to use an embedding model';

/** One sentence saying what to set, for a failure of a server model. */
export function remoteFix(
  role: ProbeRole,
  error: unknown,
  context: { baseURL: string; served: string[]; timeoutMs: number },
): string {
  const vars = VARS[role];
  if (!(error instanceof ModelCallError)) {
    return `check ${vars.base} and ${vars.model}; the server gave an unexpected answer`;
  }
  switch (error.kind) {
    case 'network':
      return `start the model server at ${context.baseURL}, or set ${vars.base} to the address of a running OpenAI-compatible server`;
    case 'timeout':
      return `the server at ${context.baseURL} gave no answer within ${Math.round(context.timeoutMs / 1000)} s: check that it is not overloaded, or set ${vars.base} to another server`;
    case 'rate-limited':
      return `the server is rate limiting: wait, or set ${vars.key} to a key with a higher quota`;
    default:
      break;
  }
  if (error.status === 401 || error.status === 403) return `set ${vars.key} to a key the server accepts`;
  if (error.status === 404) {
    const list = context.served.slice(0, 6).join(', ');
    return `set ${vars.model} to a model the server serves${list ? ` (it lists ${list})` : ''}, and check that ${vars.base} ends with /v1`;
  }
  if (error.status !== undefined)
    return `the server answered ${error.status}: check ${vars.model} and the server's logs`;
  return `check that ${vars.base} points at an OpenAI-compatible API (usually ending in /v1)`;
}

/** For local models the error's own hint already says what to do. */
export function localFix(error: unknown): string {
  if (IpetError.is(error) && error.hint) return error.hint;
  return 'check IPET_LLM_MODEL_PATH, or set IPET_LLM_BASE_URL to use a model server';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
