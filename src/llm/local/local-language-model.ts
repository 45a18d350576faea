import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3FinishReason,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
  SharedV3Warning,
} from '@ai-sdk/provider';
import { toLocalChatPrompt } from './chat-history.ts';
import { toGrammarSchema } from './json-grammar-schema.ts';
import type { LocalChatSession, LocalGenerateRequest, LocalGenerateResult } from './local-chat-session.ts';

/**
 * A LanguageModelV3 over a local chat session (node-llama-cpp in production, a fake in tests). Text in,
 * text out; `responseFormat: json` becomes a grammar. The session is obtained lazily, on the first call,
 * and kept.
 */
export function createLocalLanguageModel(options: {
  modelId: string;
  session: () => Promise<LocalChatSession>;
}): LanguageModelV3 {
  const prepare = (call: LanguageModelV3CallOptions) => {
    const { history, warnings } = toLocalChatPrompt(call.prompt);
    const unsupported = (feature: string): SharedV3Warning => ({ type: 'unsupported', feature });
    if (call.tools?.length) warnings.push(unsupported('tools'));
    if (call.presencePenalty !== undefined) warnings.push(unsupported('presencePenalty'));
    if (call.frequencyPenalty !== undefined) warnings.push(unsupported('frequencyPenalty'));
    const request: LocalGenerateRequest = {
      history,
      ...(call.maxOutputTokens === undefined ? {} : { maxTokens: call.maxOutputTokens }),
      ...(call.temperature === undefined ? {} : { temperature: call.temperature }),
      ...(call.topP === undefined ? {} : { topP: call.topP }),
      ...(call.topK === undefined ? {} : { topK: call.topK }),
      ...(call.seed === undefined ? {} : { seed: call.seed }),
      ...(call.stopSequences?.length ? { stopSequences: call.stopSequences } : {}),
      ...(call.responseFormat?.type === 'json'
        ? {
            json: {
              schema:
                call.responseFormat.schema === undefined
                  ? undefined
                  : toGrammarSchema(call.responseFormat.schema),
            },
          }
        : {}),
      ...(call.abortSignal ? { signal: call.abortSignal } : {}),
    };
    return { request, warnings };
  };

  return {
    specificationVersion: 'v3',
    provider: 'ipet-local',
    modelId: options.modelId,
    supportedUrls: {},

    async doGenerate(call) {
      const { request, warnings } = prepare(call);
      const session = await options.session();
      call.abortSignal?.throwIfAborted();
      const result = await session.generate(request);
      return {
        content: result.text === '' ? [] : [{ type: 'text', text: result.text }],
        finishReason: finishReason(result),
        usage: toUsage(result),
        warnings: [...warnings, ...result.warnings],
        response: { modelId: options.modelId },
      };
    },

    async doStream(call) {
      const { request, warnings } = prepare(call);
      const stop = new AbortController();
      const signal = call.abortSignal ? AbortSignal.any([call.abortSignal, stop.signal]) : stop.signal;
      const session = await options.session();
      let finished = false;
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        start(controller) {
          controller.enqueue({ type: 'stream-start', warnings });
          let started = false;
          session
            .generate({
              ...request,
              signal,
              onTextChunk: (delta) => {
                if (finished || delta === '') return;
                if (!started) {
                  started = true;
                  controller.enqueue({ type: 'text-start', id: 'text' });
                }
                controller.enqueue({ type: 'text-delta', id: 'text', delta });
              },
            })
            .then(
              (result) => {
                if (finished) return;
                finished = true;
                if (started) controller.enqueue({ type: 'text-end', id: 'text' });
                controller.enqueue({
                  type: 'finish',
                  finishReason: finishReason(result),
                  usage: toUsage(result),
                });
                controller.close();
              },
              (error: unknown) => {
                if (finished) return;
                finished = true;
                controller.error(error);
              },
            );
        },
        cancel(reason) {
          finished = true;
          stop.abort(reason);
        },
      });
      return { stream };
    },
  };
}

function finishReason(result: LocalGenerateResult): LanguageModelV3FinishReason {
  switch (result.stopReason) {
    case 'maxTokens':
      return { unified: 'length', raw: result.stopReason };
    case 'functionCalls':
      return { unified: 'tool-calls', raw: result.stopReason };
    case 'abort':
      return { unified: 'other', raw: result.stopReason };
    default:
      return { unified: 'stop', raw: result.stopReason };
  }
}

function toUsage(result: LocalGenerateResult): LanguageModelV3Usage {
  return {
    inputTokens: {
      total: result.inputTokens,
      noCache: result.inputTokens,
      cacheRead: undefined,
      cacheWrite: undefined,
    },
    outputTokens: { total: result.outputTokens, text: result.outputTokens, reasoning: undefined },
  };
}
