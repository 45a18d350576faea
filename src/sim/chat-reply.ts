import type { ChatRequest } from './chat-request.ts';
import { labelPrefix } from './emotion-label.ts';
import { generateInstance } from './json-schema/generate-instance.ts';
import type { SimScript } from './options.ts';
import { fillerProse } from './prose.ts';
import { createRng, hashString } from './rng.ts';
import { splitTokens } from './tokens.ts';
import { contentWords, textLanguage } from './words.ts';

export interface ChatReply {
  content: string;
  /** `content` cut into ~4-character tokens (the streaming unit). */
  tokens: string[];
  finishReason: 'stop' | 'length';
  /** The reply is JSON (json_schema / json_object). */
  json: boolean;
  unsupportedPatterns: string[];
}

/** Seed of one request: the simulator seed, the request's own seed, and everything the request says. */
export function requestSeed(simSeed: number, request: ChatRequest): number {
  const format =
    request.responseFormat.type === 'json_schema' ? JSON.stringify(request.responseFormat.schema) : '';
  return hashString(
    `${request.seed ?? ''}|${request.responseFormat.type}|${format}|${request.prompt}`,
    simSeed,
  );
}

/**
 * Seed of one schema-only request: the simulator seed, the request's own seed, the response format and the
 * number of messages - never their text. Two calls with the same schema answer alike whatever they say;
 * a re-ask (one more message) draws a new answer, as sampling at a temperature above zero would.
 */
export function schemaOnlySeed(simSeed: number, request: ChatRequest): number {
  const format =
    request.responseFormat.type === 'json_schema' ? JSON.stringify(request.responseFormat.schema) : '';
  return hashString(
    `schema-only|${request.seed ?? ''}|${request.responseFormat.type}|${format}|${request.messageCount}`,
    simSeed,
  );
}

/**
 * The schema-only answer (`--schema-only`): an arbitrary instance of the requested schema (see
 * `InstanceOptions.schemaOnly`), a JSON object, or generic filler; nothing in it depends on the messages.
 */
export function composeSchemaOnlyReply(request: ChatRequest, seed: number): ChatReply {
  const rng = createRng(seed);
  const format = request.responseFormat;
  if (format.type === 'json_schema') {
    const result = generateInstance(format.schema, { rng, schemaOnly: true });
    return finish(request, JSON.stringify(result.value), true, result.unsupportedPatterns);
  }
  if (format.type === 'json_object') {
    return finish(request, JSON.stringify({ message: fillerProse(rng, []), simulated: true }), true, []);
  }
  return finish(request, fillerProse(rng, []), false, []);
}

/**
 * The simulated answer: a JSON instance of the requested schema, a JSON object, or a few sentences of
 * filler that echo the user's words (prefixed with "[label] " when the system prompt asks for one).
 * `max_tokens` cuts the reply and sets finish_reason 'length', as a real model would.
 */
export function composeReply(request: ChatRequest, seed: number): ChatReply {
  const rng = createRng(seed);
  const echo = contentWords(request.lastUserText);
  const lang = textLanguage(request.lastUserText || request.systemTexts.join('\n'));
  let content: string;
  let unsupportedPatterns: string[] = [];
  const format = request.responseFormat;
  if (format.type === 'json_schema') {
    const result = generateInstance(format.schema, { rng, echo, lang });
    content = JSON.stringify(result.value);
    unsupportedPatterns = result.unsupportedPatterns;
  } else if (format.type === 'json_object') {
    content = JSON.stringify({ message: fillerProse(rng, echo, undefined, lang), simulated: true });
  } else {
    content = labelPrefix(request.systemTexts, rng) + fillerProse(rng, echo, undefined, lang);
  }
  return finish(request, content, format.type !== 'text', unsupportedPatterns);
}

/**
 * The scripted answer for this request (`SimOptions.scripts`), or null: the entry whose strings all occur in
 * the last user message, the most strings first, then the longest.
 */
export function composeScriptedReply(request: ChatRequest, scripts: readonly SimScript[]): ChatReply | null {
  let best: SimScript | null = null;
  let bestScore: [number, number] = [0, 0];
  for (const script of scripts) {
    if (!script.contains.every((s) => request.lastUserText.includes(s))) continue;
    const score: [number, number] = [script.contains.length, script.contains.join('').length];
    if (best === null || score[0] > bestScore[0] || (score[0] === bestScore[0] && score[1] > bestScore[1])) {
      best = script;
      bestScore = score;
    }
  }
  return best ? finish(request, best.reply, request.responseFormat.type !== 'text', []) : null;
}

/** Cuts the reply into tokens and at `max_tokens` (finish_reason 'length'). */
function finish(request: ChatRequest, text: string, json: boolean, unsupportedPatterns: string[]): ChatReply {
  let content = text;
  let tokens = splitTokens(content);
  let finishReason: ChatReply['finishReason'] = 'stop';
  if (request.maxTokens !== undefined && tokens.length > request.maxTokens) {
    tokens = tokens.slice(0, request.maxTokens);
    content = tokens.join('');
    finishReason = 'length';
  }
  return { content, tokens, finishReason, json, unsupportedPatterns };
}

/** A strict prefix of a JSON text that no JSON parser accepts (the `malformedJson` fault). */
export function truncateJson(text: string): string {
  const cut = text.slice(0, Math.max(1, Math.floor(text.length * 0.6)));
  try {
    JSON.parse(cut);
    return `${cut},"`;
  } catch {
    return cut;
  }
}
