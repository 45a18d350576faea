import type { LanguageModelV3CallOptions, LanguageModelV3Prompt } from '@ai-sdk/provider';
import type { Memory } from '../../src/core/entities.ts';
import type { Store } from '../../src/core/ports/index.ts';
import { type ModelCall, messagesOf, scriptedModel } from '../../src/test/index.ts';

/**
 * Shared pieces of the cross-module safety suites: the test kit's scripted model, answering each kind of call
 * (chat streams, classifier and extractor calls) from a script and recording every prompt with its kind, and
 * row builders.
 */

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
  return messagesOf(prompt)
    .map((m) => m.text)
    .join('\n');
}

export function recordingModel(script: RecordingModelScript = {}) {
  const calls: RecordedCall[] = [];
  const record = (kind: RecordedCall['kind'], call: ModelCall) =>
    calls.push({ kind, prompt: call.options.prompt, text: promptText(call.options.prompt) });
  const kindOf = (name: string): RecordedCall['kind'] =>
    name === 'crisis_classification' ? 'classifier' : name === 'memories' ? 'extractor' : 'other';
  const model = scriptedModel({
    usage: { input: 10, output: 5 },
    stream: (call) => {
      record('chat', call);
      return script.reply?.(call.options) ?? "[neutral] I'm right here with you.";
    },
    generate: (call) => {
      const kind = kindOf(call.name);
      record(kind, call);
      if (kind === 'classifier') return { level: 'none', category: 'none', confidence: 0.9 };
      if (kind === 'extractor') return script.memories?.(call.options) ?? { memories: [] };
      return {};
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
    subject: 'user',
    kind: null,
    dueOn: null,
    ...fields,
  };
}

/** Inserts memories without vectors (lexical retrieval still finds them). */
export async function plantMemories(store: Store, memories: Memory[]): Promise<void> {
  await store.memories.insert(memories.map((memory) => ({ memory, embedding: null })));
}
