import type { LanguageModelV3CallOptions, LanguageModelV3Prompt } from '@ai-sdk/provider';
import { simulateReadableStream } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { textParts, textResult, usage } from './model-parts.ts';

/**
 * What a scripted model answers to a generate call: an object or array is sent as JSON, a string as is, and an
 * Error is thrown (a failed call).
 */
export type Answer = unknown;

/** What a scripted model streams: the text chunks, then `failWith` instead of a finish when it is set. */
export interface StreamReply {
  chunks: string[];
  failWith?: Error;
}

/** One call a scripted model received, as the script sees it and as it is recorded. */
export interface ModelCall {
  kind: 'generate' | 'stream';
  /** The response format's name for structured calls (`world_outline`, `judge_realism`...), else ''. */
  name: string;
  /** The system messages' text. */
  system: string;
  /** The user messages' text, joined by newlines. */
  prompt: string;
  /** The JSON schema of a structured call. */
  schema: unknown;
  /** How many calls of the same kind and name came before this one. */
  n: number;
  options: LanguageModelV3CallOptions;
}

type Script<T> = readonly T[] | ((call: ModelCall) => T | Promise<T>);

export interface ModelScript {
  modelId?: string;
  /** Tokens every call reports; default 100 in, 20 out. */
  usage?: { input: number; output: number };
  /** Answers to generate calls: one per call in order (the last repeats), or computed from the call. */
  generate?: Script<Answer>;
  /** Replies to stream calls, likewise; a string is one chunk. */
  stream?: Script<StreamReply | string>;
  /** Pause between streamed parts. */
  chunkDelayInMs?: number;
}

/** A `MockLanguageModelV3` (so `doGenerateCalls` and `doStreamCalls` work) that also keeps `calls`. */
export type ScriptedModel = MockLanguageModelV3 & {
  /** Every call, generate and stream, in order. */
  readonly calls: ModelCall[];
  /** The calls whose response format has this name. */
  callsNamed(name: string): ModelCall[];
};

/** The system text and the user text of a call. */
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

/** Each message of a prompt as its role and plain text. */
export function messagesOf(prompt: LanguageModelV3Prompt): Array<{ role: string; text: string }> {
  return prompt.map((m) => ({
    role: m.role,
    text:
      typeof m.content === 'string'
        ? m.content
        : m.content.map((p) => ('text' in p && typeof p.text === 'string' ? p.text : '')).join(''),
  }));
}

/** The messages of the n-th streamed call (a chat turn) a mock model received. */
export function promptOf(model: MockLanguageModelV3, n = 0): Array<{ role: string; text: string }> {
  const call = model.doStreamCalls[n];
  if (!call) throw new Error(`the model was not streamed from ${n + 1} time(s)`);
  return messagesOf(call.prompt);
}

/** Everything the n-th generate call (a structured call) sent, every message's text joined; '' if none. */
export function sentText(model: MockLanguageModelV3, n = 0): string {
  const call = model.doGenerateCalls[n];
  return call
    ? messagesOf(call.prompt)
        .map((m) => m.text)
        .join('\n')
    : '';
}

/**
 * A language model that answers from a script and records what it was sent. Generate and stream calls each
 * follow their own script; a call the script has no answer for fails.
 *
 *   scriptedModel({ generate: [{ memories: [] }] })              // every structured call gets this JSON
 *   scriptedModel({ stream: [{ chunks: ['[joy] Hi ', 'there'] }] }) // a streamed chat reply
 *   scriptedModel({ generate: (call) => call.name === 'judge_x' ? { rating: 4 } : new Error('down') })
 */
export function scriptedModel(script: ModelScript = {}): ScriptedModel {
  const calls: ModelCall[] = [];
  const tokens = usage(script.usage?.input ?? 100, script.usage?.output ?? 20);

  function record(kind: ModelCall['kind'], options: LanguageModelV3CallOptions): ModelCall {
    const format = options.responseFormat;
    const name = format?.type === 'json' ? (format.name ?? '') : '';
    const n = calls.filter((c) => c.kind === kind && c.name === name).length;
    const text = promptText(options);
    const call: ModelCall = {
      kind,
      name,
      system: text.system,
      prompt: text.user,
      schema: format?.type === 'json' ? format.schema : undefined,
      n,
      options,
    };
    calls.push(call);
    return call;
  }

  async function answer<T>(steps: Script<T> | undefined, call: ModelCall): Promise<T> {
    call.options.abortSignal?.throwIfAborted();
    if (steps === undefined) throw new Error(`scripted model: no ${call.kind} script (call ${call.name})`);
    if (typeof steps === 'function') return steps(call);
    const made = calls.filter((c) => c.kind === call.kind).length;
    const step = steps[Math.min(made, steps.length) - 1];
    if (step === undefined) throw new Error(`scripted model: empty ${call.kind} script`);
    return step;
  }

  const model = new MockLanguageModelV3({
    ...(script.modelId === undefined ? {} : { modelId: script.modelId }),
    doGenerate: async (options) => {
      const reply = await answer(script.generate, record('generate', options));
      if (reply instanceof Error) throw reply;
      return textResult(typeof reply === 'string' ? reply : JSON.stringify(reply), tokens);
    },
    doStream: async (options) => {
      const reply = await answer(script.stream, record('stream', options));
      if (reply instanceof Error) throw reply;
      const { chunks, failWith } =
        typeof reply === 'string' ? { chunks: [reply], failWith: undefined } : reply;
      return {
        stream: simulateReadableStream({
          chunks: textParts(chunks, tokens, failWith),
          ...(script.chunkDelayInMs === undefined ? {} : { chunkDelayInMs: script.chunkDelayInMs }),
        }),
      };
    },
  });
  return Object.assign(model, {
    calls,
    callsNamed: (name: string) => calls.filter((c) => c.name === name),
  });
}
