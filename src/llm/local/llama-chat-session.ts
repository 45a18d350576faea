import type { SharedV3Warning } from '@ai-sdk/provider';
import type { ChatHistoryItem, GbnfJsonObjectSchema, Llama, LlamaGrammar, LlamaModel } from 'node-llama-cpp';
import type { Logger } from '../../core/index.ts';
import type { LocalChatSession } from './local-chat-session.ts';
import type { NodeLlamaCpp } from './node-llama-cpp.ts';

/**
 * A LocalChatSession on a node-llama-cpp model: one context with one sequence and one LlamaChat, reused
 * across calls (the common prefix of consecutive prompts stays evaluated). Calls must be serialised by the
 * caller (the local provider's semaphore has one permit).
 */
export async function createLlamaChatSession(options: {
  llamaCpp: Pick<NodeLlamaCpp, 'LlamaChat'>;
  llama: Llama;
  model: LlamaModel;
  contextSize: number;
  /** CPU threads per evaluation. */
  threads: number;
  logger: Logger;
}): Promise<LocalChatSession> {
  const context = await options.model.createContext({
    contextSize: { max: options.contextSize },
    threads: options.threads,
  });
  const chat = new options.llamaCpp.LlamaChat({ contextSequence: context.getSequence() });
  const grammars = new Map<string, Promise<{ grammar: LlamaGrammar; warning?: SharedV3Warning }>>();

  const grammarFor = (schema: Record<string, unknown> | undefined) => {
    const key = schema === undefined ? '' : JSON.stringify(schema);
    let entry = grammars.get(key);
    if (!entry) {
      entry = buildGrammar(options.llama, schema, options.logger);
      grammars.set(key, entry);
    }
    return entry;
  };

  return {
    async generate(request) {
      const grammar = request.json ? await grammarFor(request.json.schema) : undefined;
      const before = chat.sequence.tokenMeter.getState();
      const response = await chat.generateResponse(request.history as ChatHistoryItem[], {
        ...(request.maxTokens === undefined ? {} : { maxTokens: request.maxTokens }),
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        ...(request.topP === undefined ? {} : { topP: request.topP }),
        ...(request.topK === undefined ? {} : { topK: request.topK }),
        ...(request.seed === undefined ? {} : { seed: request.seed }),
        ...(request.stopSequences ? { customStopTriggers: request.stopSequences } : {}),
        ...(grammar ? { grammar: grammar.grammar } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.onTextChunk ? { onTextChunk: request.onTextChunk } : {}),
      });
      const used = chat.sequence.tokenMeter.diff(before);
      return {
        text: response.response,
        stopReason: response.metadata.stopReason,
        inputTokens: used.usedInputTokens,
        outputTokens: used.usedOutputTokens,
        warnings: grammar?.warning ? [grammar.warning] : [],
      };
    },
  };
}

/** A grammar for the schema; when the schema has something the grammar builder refuses, any JSON. */
async function buildGrammar(
  llama: Llama,
  schema: Record<string, unknown> | undefined,
  logger: Logger,
): Promise<{ grammar: LlamaGrammar; warning?: SharedV3Warning }> {
  if (schema !== undefined) {
    try {
      // the schema was converted to the grammar subset at run time; its static type cannot be known
      return { grammar: await llama.createGrammarForJsonSchema(schema as GbnfJsonObjectSchema) };
    } catch (error) {
      logger.warn('local model: JSON schema not usable as a grammar, constraining to any JSON', { error });
      return {
        grammar: await llama.getGrammarFor('json'),
        warning: {
          type: 'compatibility',
          feature: 'responseFormat.schema',
          details: 'constrained to any JSON',
        },
      };
    }
  }
  return { grammar: await llama.getGrammarFor('json') };
}
