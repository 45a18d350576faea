/**
 * Test helpers of the eval module (imported by its tests only): a scripted model that answers each structured
 * call from a handler keyed by the response format's name, and records what it was sent.
 */
import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { MockLanguageModelV3 } from 'ai/test';
import { textResult, usage } from '../../llm/testing/index.ts';

export interface ScriptedCall {
  name: string;
  system: string;
  prompt: string;
  schema: unknown;
  n: number;
}

export function promptText(options: LanguageModelV3CallOptions): { system: string; user: string } {
  let system = '';
  const user: string[] = [];
  for (const message of options.prompt) {
    if (message.role === 'system') system += message.content;
    else if (message.role === 'user') {
      for (const part of message.content) if (part.type === 'text') user.push(part.text);
    }
  }
  return { system, user: user.join('\n') };
}

/** Answers with `handler(call)` serialised as JSON (a string is sent as is); every call costs 100 + 20 tokens. */
export function scriptedModel(handler: (call: ScriptedCall) => unknown, modelId = 'scripted-judge') {
  let n = 0;
  const calls: ScriptedCall[] = [];
  const model = new MockLanguageModelV3({
    modelId,
    doGenerate: async (options) => {
      const format = options.responseFormat;
      const { system, user } = promptText(options);
      const call: ScriptedCall = {
        name: format?.type === 'json' ? (format.name ?? '') : '',
        system,
        prompt: user,
        schema: format?.type === 'json' ? format.schema : undefined,
        n: n++,
      };
      calls.push(call);
      const answer = await handler(call);
      return textResult(typeof answer === 'string' ? answer : JSON.stringify(answer), usage(100, 20));
    },
  });
  return { model, calls };
}
