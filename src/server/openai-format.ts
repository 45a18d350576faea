import { z } from 'zod';
import { estimateTokens } from '../core/index.ts';

/**
 * OpenAI's chat completions wire format (requests as ipet reads them, responses as OpenAI's clients read
 * them). ipet keeps the conversation itself, so a request's only input is its LAST user message; earlier
 * messages, system prompts and sampling parameters are accepted and ignored.
 */

const contentPart = z.object({ type: z.string(), text: z.string().optional() }).loose();
const requestMessage = z
  .object({
    role: z.string().min(1),
    content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
  })
  .loose();

export const completionRequest = z
  .object({
    model: z.string().min(1).max(100).describe('a pet id (GET /v1/models lists the caller’s pets)'),
    messages: z.array(requestMessage).min(1).max(2000),
    stream: z.boolean().nullable().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullable().optional(),
    n: z.literal(1).nullable().optional().describe('only 1 is supported'),
  })
  .loose();
export type CompletionRequest = z.output<typeof completionRequest>;

export const modelJson = z.object({
  id: z.string(),
  object: z.literal('model'),
  created: z.number().int(),
  owned_by: z.literal('ipet'),
});
export const modelList = z.object({ object: z.literal('list'), data: z.array(modelJson) });

const usageJson = z.object({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
});

export const completionJson = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number().int(),
  model: z.string(),
  system_fingerprint: z.null(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      message: z.object({ role: z.literal('assistant'), content: z.string(), refusal: z.null() }),
      logprobs: z.null(),
      finish_reason: z.literal('stop'),
    }),
  ),
  usage: usageJson,
  ipet: z
    .object({
      emotion: z.string(),
      session_id: z.string(),
      notices: z.array(z.object({ kind: z.string(), text: z.string() })),
      safety: z.object({ crisis: z.boolean(), level: z.string() }).nullable(),
    })
    .describe(
      'ipet extension: the reply’s emotion, the chat session, and the out-of-character notices (crisis ' +
        'lines, AI disclosure, break reminders) that `content` starts with',
    ),
});

export const chunkJson = z.object({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  created: z.number().int(),
  model: z.string(),
  system_fingerprint: z.null(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      delta: z.object({ role: z.literal('assistant').optional(), content: z.string().optional() }),
      logprobs: z.null(),
      finish_reason: z.literal('stop').nullable(),
    }),
  ),
  usage: usageJson.nullable().optional(),
});

/** The text of the request's last user message (text parts joined), or null when there is none. */
export function lastUserText(request: CompletionRequest): string | null {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const message = request.messages[i]!;
    if (message.role !== 'user') continue;
    const { content } = message;
    if (typeof content === 'string') return content;
    if (Array.isArray(content)) {
      return content
        .filter((p) => p.type === 'text' && typeof p.text === 'string')
        .map((p) => p.text)
        .join('\n');
    }
    return '';
  }
  return null;
}

/** Token counts as ipet estimates them: its own prompt (persona, memories, day, history) and the reply. */
export function usageOf(promptTokens: number, reply: string) {
  const completion = estimateTokens(reply);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completion,
    total_tokens: promptTokens + completion,
  };
}

export interface CompletionMeta {
  id: string;
  created: number;
  model: string;
}

export function completion(
  meta: CompletionMeta,
  reply: {
    text: string;
    emotion: string;
    sessionId: string;
    promptTokens: number;
    notices: Array<{ kind: string; text: string }>;
    safety: { crisis: boolean; level: string } | null;
  },
): z.output<typeof completionJson> {
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    system_fingerprint: null,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.text, refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: usageOf(reply.promptTokens, reply.text),
    ipet: {
      emotion: reply.emotion,
      session_id: reply.sessionId,
      notices: reply.notices,
      safety: reply.safety,
    },
  };
}

export function chunk(
  meta: CompletionMeta,
  delta: { role?: 'assistant'; content?: string },
  finish: 'stop' | null = null,
  extra: Record<string, unknown> = {},
) {
  return {
    id: meta.id,
    object: 'chat.completion.chunk' as const,
    created: meta.created,
    model: meta.model,
    system_fingerprint: null,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...extra,
  };
}

/** The last chunk when `stream_options.include_usage` is set: no choices, the usage. */
export function usageChunk(meta: CompletionMeta, usage: ReturnType<typeof usageOf>) {
  return {
    id: meta.id,
    object: 'chat.completion.chunk' as const,
    created: meta.created,
    model: meta.model,
    system_fingerprint: null,
    choices: [],
    usage,
  };
}
