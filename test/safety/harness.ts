import type { LanguageModelV3CallOptions, LanguageModelV3Prompt } from '@ai-sdk/provider';
import { MockLanguageModelV3, simulateReadableStream } from 'ai/test';
import type { Memory } from '../../src/core/entities.ts';
import type { Store } from '../../src/core/ports/index.ts';

/**
 * Shared pieces of the cross-module safety suites: a model double that records every prompt it is sent
 * (chat streams, classifier and extractor calls) and answers each kind from a script, and row builders.
 */

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};

export interface RecordingModelScript {
  /** The chat reply (streamed); default a fixed line that echoes nothing. */
  reply?: (call: LanguageModelV3CallOptions) => string;
  /** The memory extractor's answer (the `memories` JSON object). */
  memories?: (call: LanguageModelV3CallOptions) => unknown;
}

export interface RecordedCall {
  kind: 'chat' | 'classifier' | 'extractor' | 'other';
  prompt: LanguageModelV3Prompt;
  text: string;
}

/** The text of every message of a prompt, joined. */
export function promptText(prompt: LanguageModelV3Prompt): string {
  return prompt
    .map((m) =>
      typeof m.content === 'string'
        ? m.content
        : m.content.map((p) => ('text' in p && typeof p.text === 'string' ? p.text : '')).join(''),
    )
    .join('\n');
}

export function recordingModel(script: RecordingModelScript = {}) {
  const calls: RecordedCall[] = [];
  const kindOf = (call: LanguageModelV3CallOptions): RecordedCall['kind'] => {
    const name = call.responseFormat?.type === 'json' ? call.responseFormat.name : undefined;
    if (name === 'crisis_classification') return 'classifier';
    if (name === 'memories') return 'extractor';
    return 'other';
  };
  const model = new MockLanguageModelV3({
    doStream: async (call) => {
      calls.push({ kind: 'chat', prompt: call.prompt, text: promptText(call.prompt) });
      const reply = script.reply?.(call) ?? "[neutral] I'm right here with you.";
      return {
        stream: simulateReadableStream({
          chunks: [
            { type: 'stream-start', warnings: [] },
            { type: 'text-start', id: 't' },
            { type: 'text-delta', id: 't', delta: reply },
            { type: 'text-end', id: 't' },
            { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage },
          ],
        }),
      };
    },
    doGenerate: async (call) => {
      const kind = kindOf(call);
      calls.push({ kind, prompt: call.prompt, text: promptText(call.prompt) });
      const answer =
        kind === 'classifier'
          ? { level: 'none', category: 'none', confidence: 0.9 }
          : kind === 'extractor'
            ? (script.memories?.(call) ?? { memories: [] })
            : {};
      return {
        content: [{ type: 'text', text: JSON.stringify(answer) }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage,
        warnings: [],
      };
    },
  });
  return { model, calls };
}

export function memoryRow(
  fields: Pick<Memory, 'id' | 'userId' | 'petId' | 'text'> & Partial<Memory>,
  at: Date,
): Memory {
  return {
    category: 'long_term',
    occurredAt: at,
    createdAt: at,
    expiresAt: null,
    supersededAt: null,
    supersededById: null,
    sourceSessionId: null,
    externalId: null,
    embeddingModel: null,
    ...fields,
  };
}

/** Inserts memories without vectors (lexical retrieval still finds them). */
export async function plantMemories(store: Store, memories: Memory[]): Promise<void> {
  await store.memories.insert(memories.map((memory) => ({ memory, embedding: null })));
}
