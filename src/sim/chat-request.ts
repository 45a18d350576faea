import { HttpError } from './http-io.ts';
import { isSchemaObject, type JsonSchema } from './json-schema/schema-types.ts';

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: JsonSchema };

/** What the simulator needs from a POST /v1/chat/completions body. */
export interface ChatRequest {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  maxTokens: number | undefined;
  responseFormat: ResponseFormat;
  /** The messages serialized as a chat template would (the prefix cache and token counts use it). */
  prompt: string;
  systemTexts: string[];
  lastUserText: string;
  /** How many messages the request holds (schema-only mode reads this, never their text). */
  messageCount: number;
  /** The request's own `seed`, if any. */
  seed: number | undefined;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => {
      if (!isSchemaObject(part)) return '';
      const p = part as Record<string, unknown>;
      if (typeof p['text'] === 'string') return p['text'];
      return `[${String(p['type'] ?? 'part')}]`;
    })
    .join('');
}

function positiveInt(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new HttpError(400, `${name} must be a positive integer`);
  }
  return value;
}

function parseResponseFormat(value: unknown): ResponseFormat {
  if (value === undefined || value === null) return { type: 'text' };
  if (!isSchemaObject(value)) throw new HttpError(400, 'response_format must be an object');
  const format = value as Record<string, unknown>;
  switch (format['type']) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json_object' };
    case 'json_schema': {
      const spec = format['json_schema'];
      if (!isSchemaObject(spec)) throw new HttpError(400, 'response_format.json_schema must be an object');
      const { name, schema } = spec as Record<string, unknown>;
      if (schema !== undefined && typeof schema !== 'boolean' && !isSchemaObject(schema)) {
        throw new HttpError(400, 'response_format.json_schema.schema must be a JSON schema');
      }
      return {
        type: 'json_schema',
        name: typeof name === 'string' ? name : 'response',
        schema: (schema as JsonSchema | undefined) ?? true,
      };
    }
    default:
      throw new HttpError(400, `unsupported response_format.type: ${String(format['type'])}`);
  }
}

/** Validates and reads a chat completion request; throws HttpError(400) for malformed ones. */
export function parseChatRequest(body: unknown, defaultModel: string): ChatRequest {
  if (!isSchemaObject(body)) throw new HttpError(400, 'request body must be a JSON object');
  const b = body as Record<string, unknown>;
  const messages = b['messages'];
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new HttpError(400, 'messages must be a non-empty array');
  }
  const systemTexts: string[] = [];
  let lastUserText = '';
  let prompt = '';
  for (const message of messages) {
    if (!isSchemaObject(message)) throw new HttpError(400, 'each message must be an object');
    const m = message as Record<string, unknown>;
    const role = m['role'];
    if (typeof role !== 'string') throw new HttpError(400, 'each message needs a role');
    const text = contentText(m['content']);
    if (role === 'system' || role === 'developer') systemTexts.push(text);
    if (role === 'user') lastUserText = text;
    const toolCalls = m['tool_calls'] === undefined ? '' : JSON.stringify(m['tool_calls']);
    prompt += `<|${role}|>\n${text}${toolCalls}\n`;
  }
  const streamOptions = b['stream_options'];
  const seed = b['seed'];
  return {
    model: typeof b['model'] === 'string' && b['model'] !== '' ? b['model'] : defaultModel,
    stream: b['stream'] === true,
    includeUsage:
      isSchemaObject(streamOptions) && (streamOptions as Record<string, unknown>)['include_usage'] === true,
    maxTokens:
      positiveInt(b['max_completion_tokens'], 'max_completion_tokens') ??
      positiveInt(b['max_tokens'], 'max_tokens'),
    responseFormat: parseResponseFormat(b['response_format']),
    prompt: `${prompt}<|assistant|>\n`,
    systemTexts,
    lastUserText,
    messageCount: messages.length,
    seed: typeof seed === 'number' && Number.isFinite(seed) ? seed : undefined,
  };
}
