import type { MessageKey } from '../i18n/index.ts';

/**
 * A chat error's code -> the sentence shown for it (what happened in plain words and what to do next).
 * The server's own message (e.g. "circuit is open") is never shown; an unknown code gets a general sentence.
 */
const WORDS: Record<string, MessageKey> = {
  model_unavailable: 'error.modelUnavailable',
  model_output_invalid: 'error.modelOutput',
  unavailable: 'error.unavailable',
  database: 'error.unavailable',
  internal: 'error.internal',
  config: 'error.config',
  limit_exceeded: 'error.limit',
  rate_limited: 'error.limit',
  conflict: 'error.inFlight',
  aborted: 'error.interrupted',
  interrupted: 'error.interrupted',
  network: 'error.network',
  invalid_input: 'error.invalidInput',
  bad_request: 'error.invalidInput',
  payload_too_large: 'error.tooLong',
  not_found: 'error.notFound',
  unauthorized: 'error.unauthorized',
  forbidden: 'error.forbidden',
  earlier: 'error.earlier',
};

export function errorWords(code: string | undefined): MessageKey {
  return (code && WORDS[code]) || 'error.unknown';
}
