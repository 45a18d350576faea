import type { LanguageModelV3StreamPart, LanguageModelV3Usage } from '@ai-sdk/provider';
import { MockLanguageModelV3, simulateReadableStream } from 'ai/test';

const usage: LanguageModelV3Usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};

/** One scripted reply: the text chunks the model streams, optionally failing after them. */
export interface ScriptedReply {
  chunks: string[];
  failWith?: Error;
}

export function streamParts(reply: ScriptedReply): LanguageModelV3StreamPart[] {
  const parts: LanguageModelV3StreamPart[] = [
    { type: 'stream-start', warnings: [] },
    { type: 'text-start', id: 't1' },
    ...reply.chunks.map((delta): LanguageModelV3StreamPart => ({ type: 'text-delta', id: 't1', delta })),
  ];
  if (reply.failWith) return [...parts, { type: 'error', error: reply.failWith }];
  return [
    ...parts,
    { type: 'text-end', id: 't1' },
    { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage },
  ];
}

/**
 * A model that answers each call with the next scripted reply (the last one repeats) and records the
 * prompts it received in `doStreamCalls`.
 */
export function scriptedModel(...replies: ScriptedReply[]): MockLanguageModelV3 {
  let call = 0;
  return new MockLanguageModelV3({
    doStream: async () => {
      const reply = replies[Math.min(call++, replies.length - 1)]!;
      return { stream: simulateReadableStream({ chunks: streamParts(reply) }) };
    },
  });
}

/** The system and chat messages of the n-th call, as plain text per message. */
export function promptOf(model: MockLanguageModelV3, n = 0): Array<{ role: string; text: string }> {
  const call = model.doStreamCalls[n];
  if (!call) throw new Error(`the model was not called ${n + 1} time(s)`);
  return call.prompt.map((m) => ({
    role: m.role,
    text:
      typeof m.content === 'string'
        ? m.content
        : m.content.map((p) => ('text' in p && typeof p.text === 'string' ? p.text : '')).join(''),
  }));
}
