import type { FetchFunction } from '@ai-sdk/provider-utils';
import { generateText } from 'ai';
import { IpetError, ModelCallError } from '../../core/index.ts';
import { createRemoteLanguageModel } from '../openai-compatible/remote-models.ts';
import { toModelCallError } from '../policy/classify-error.ts';
import { raceAbort, realTimer, startDeadline, type Timer } from '../policy/signals.ts';
import type { OpenAICompatibleLanguageSettings } from '../settings.ts';
import { listServerModels } from './list-models.ts';

/** Why an endpoint did not work, as a stable code a user interface can translate. */
export type EndpointFailure =
  | 'invalid_settings'
  | 'unreachable'
  | 'timeout'
  | 'unauthorized'
  | 'unknown_model'
  | 'rate_limited'
  | 'server_error'
  | 'bad_answer';

export interface EndpointTest {
  ok: boolean;
  failure: EndpointFailure | null;
  /** What happened, in plain words (English). */
  message: string;
  /** The models the server lists at `GET /models` (empty when it lists none). */
  models: string[];
  /** The server is ipet's simulator. */
  simulator: boolean;
  /** Of the tiny completion, when it was made. */
  latencyMs: number | null;
}

export interface EndpointTestDeps {
  fetch?: FetchFunction;
  timer?: Timer;
  now?: () => number;
  /** For `GET /models`. Default 5 s. */
  listTimeoutMs?: number;
  /** For the tiny completion (a server may first load the model). Default 20 s. */
  callTimeoutMs?: number;
}

/**
 * Tries a language model on an OpenAI-compatible server the way ipet will use it: lists the server's
 * models, then asks for a tiny completion, each with a short deadline, and says what failed in plain
 * words. For the settings form: nothing is saved before this passes.
 */
export async function testLanguageEndpoint(
  settings: OpenAICompatibleLanguageSettings,
  deps: EndpointTestDeps = {},
): Promise<EndpointTest> {
  const fetch = deps.fetch ?? globalThis.fetch;
  const timer = deps.timer ?? realTimer;
  const now = deps.now ?? Date.now;
  const base = { models: [] as string[], simulator: false, latencyMs: null };
  let model: ReturnType<typeof createRemoteLanguageModel>;
  try {
    model = createRemoteLanguageModel(settings, fetch);
  } catch (error) {
    return { ...base, ok: false, failure: 'invalid_settings', message: messageOf(error) };
  }
  const listTimeoutMs = deps.listTimeoutMs ?? 5_000;
  const listing = await listServerModels({
    baseURL: settings.baseURL,
    apiKey: settings.apiKey,
    fetch,
    timer,
    timeoutMs: listTimeoutMs,
  });
  const found = { ...base, models: listing.models, simulator: listing.simulator };
  if (!listing.reachable) {
    return listing.timedOut
      ? {
          ...found,
          ok: false,
          failure: 'timeout',
          message: `${settings.baseURL} did not answer within ${seconds(listTimeoutMs)} s`,
        }
      : {
          ...found,
          ok: false,
          failure: 'unreachable',
          message: `nothing answered at ${settings.baseURL}${networkCode(listing.error)}: check that the server is running and that the address is right`,
        };
  }
  if (listing.status === 401 || listing.status === 403) {
    return {
      ...found,
      ok: false,
      failure: 'unauthorized',
      message: `the server refused the request (${listing.status}): ${settings.apiKey ? 'the API key is not accepted' : 'it needs an API key'}`,
    };
  }

  const callTimeoutMs = deps.callTimeoutMs ?? 20_000;
  const deadline = startDeadline(
    callTimeoutMs,
    timer,
    () => new ModelCallError(`no answer within ${seconds(callTimeoutMs)} s`, { kind: 'timeout' }),
  );
  const start = now();
  try {
    const result = await raceAbort(
      generateText({
        model,
        prompt: 'Reply with the single word OK.',
        maxOutputTokens: 8,
        maxRetries: 0,
        abortSignal: deadline.signal,
      }),
      deadline.signal,
    );
    const latencyMs = now() - start;
    if (result.text.trim() === '') {
      return {
        ...found,
        ok: false,
        failure: 'bad_answer',
        latencyMs,
        message: `the model ${settings.model} answered with no text`,
      };
    }
    return {
      ...found,
      ok: true,
      failure: null,
      latencyMs,
      simulator: found.simulator || result.response.headers?.['x-ipet-simulator'] !== undefined,
      message: `the model ${settings.model} answered in ${latencyMs} ms`,
    };
  } catch (cause) {
    const error = toModelCallError(deadline.expired ? deadline.signal.reason : cause);
    return {
      ...found,
      ok: false,
      latencyMs: now() - start,
      ...describeFailure(error, settings, found.models),
    };
  } finally {
    deadline.clear();
  }
}

function describeFailure(
  error: unknown,
  settings: OpenAICompatibleLanguageSettings,
  models: string[],
): { failure: EndpointFailure; message: string } {
  if (!(error instanceof ModelCallError)) {
    return { failure: 'bad_answer', message: `the server gave an unexpected answer: ${messageOf(error)}` };
  }
  if (error.kind === 'timeout') {
    return {
      failure: 'timeout',
      message: `the model ${settings.model} did not answer in time (${error.message}); the server may be busy or still loading it`,
    };
  }
  if (error.kind === 'network') {
    return {
      failure: 'unreachable',
      message: `the connection to ${settings.baseURL} failed: ${error.message}`,
    };
  }
  if (error.kind === 'rate-limited') {
    return {
      failure: 'rate_limited',
      message: 'the server is rate limiting: wait, or use a key with a higher quota',
    };
  }
  if (error.status === 401 || error.status === 403) {
    return {
      failure: 'unauthorized',
      message: `the server refused the request (${error.status}): ${settings.apiKey ? 'the API key is not accepted' : 'it needs an API key'}`,
    };
  }
  if (
    error.status === 404 ||
    (error.status === 400 && models.length > 0 && !models.includes(settings.model))
  ) {
    const listed = models.slice(0, 8).join(', ');
    return {
      failure: 'unknown_model',
      message: listed
        ? `the server does not serve a model named ${settings.model}; it lists ${listed}`
        : `nothing was found at ${settings.baseURL}/chat/completions for the model ${settings.model}: check the model name, and that the address ends with /v1`,
    };
  }
  if (error.status !== undefined && error.status >= 500) {
    return { failure: 'server_error', message: `the server failed (${error.status}): ${error.message}` };
  }
  return { failure: 'bad_answer', message: error.message };
}

function networkCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return ` (${code})`;
    current = (current as { cause?: unknown }).cause;
  }
  return '';
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}

function messageOf(error: unknown): string {
  if (IpetError.is(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}
