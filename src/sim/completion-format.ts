import type { ChatReply } from './chat-reply.ts';
import { FINGERPRINT } from './http-io.ts';

export interface CompletionMeta {
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
}

export function usageOf(promptTokens: number, completionTokens: number, cachedTokens: number): Usage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cachedTokens },
  };
}

/** The non-streamed chat completion body. */
export function completionBody(meta: CompletionMeta, reply: ChatReply, usage: Usage) {
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    system_fingerprint: FINGERPRINT,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.content },
        logprobs: null,
        finish_reason: reply.finishReason,
      },
    ],
    usage,
  };
}

/** Writes SSE chunks; the envelope is serialized once per stream, so each chunk costs one string concat. */
export function createChunkWriter(meta: CompletionMeta) {
  const head = `data: {"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},"model":${JSON.stringify(meta.model)},"system_fingerprint":"${FINGERPRINT}","choices":`;
  return {
    role: () =>
      `${head}[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n`,
    content: (text: string) =>
      `${head}[{"index":0,"delta":{"content":${JSON.stringify(text)}},"logprobs":null,"finish_reason":null}]}\n\n`,
    finish: (reason: string) =>
      `${head}[{"index":0,"delta":{},"logprobs":null,"finish_reason":"${reason}"}]}\n\n`,
    usage: (usage: Usage) => `${head}[],"usage":${JSON.stringify(usage)}}\n\n`,
    /** An event whose data is cut in the middle of the JSON (the `malformedJson` fault). */
    garbage: () => `${head}[{"index":0,"delta":{"content":"\n\n`,
    done: () => 'data: [DONE]\n\n',
  };
}
