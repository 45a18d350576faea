import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { EmbeddingModelV3, LanguageModelV3, SharedV3ProviderOptions } from '@ai-sdk/provider';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import { ConfigError } from '../../core/index.ts';
import type { OpenAICompatibleEmbeddingSettings, OpenAICompatibleLanguageSettings } from '../settings.ts';

/**
 * Unguarded models on an OpenAI-compatible server (vLLM, llama.cpp server, Ollama, OpenAI, the ipet
 * simulator...). The provider name must not be `ipet`: the provider copies `providerOptions[name]` into the
 * request body, and `providerOptions.ipet` carries our call tags.
 */
export function createRemoteLanguageModel(
  settings: OpenAICompatibleLanguageSettings,
  fetch?: FetchFunction,
): LanguageModelV3 {
  const provider = createOpenAICompatible({
    name: 'ipet-llm',
    baseURL: checkBaseUrl(settings.baseURL, 'IPET_LLM_BASE_URL'),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
    ...(fetch ? { fetch } : {}),
    supportsStructuredOutputs: true,
    includeUsage: true,
  });
  return provider.chatModel(checkModel(settings.model, 'IPET_LLM_MODEL'));
}

export function createRemoteEmbeddingModel(
  settings: OpenAICompatibleEmbeddingSettings,
  fetch?: FetchFunction,
): EmbeddingModelV3 {
  const provider = createOpenAICompatible({
    name: 'ipet-embed',
    baseURL: checkBaseUrl(settings.baseURL, 'IPET_EMBED_BASE_URL'),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
    ...(fetch ? { fetch } : {}),
  });
  return provider.embeddingModel(checkModel(settings.model, 'IPET_EMBED_MODEL'));
}

/** Provider options for every embedding call (the requested vector length, when configured). */
export function remoteEmbeddingOptions(settings: OpenAICompatibleEmbeddingSettings): SharedV3ProviderOptions {
  return settings.dimensions === undefined ? {} : { openaiCompatible: { dimensions: settings.dimensions } };
}

function checkBaseUrl(baseURL: string, variable: string): string {
  try {
    const url = new URL(baseURL);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new ConfigError(`the model server address is not an http(s) URL: ${baseURL}`, {
      hint: `set ${variable} to e.g. http://127.0.0.1:11434/v1`,
    });
  }
  return baseURL.replace(/\/+$/, '');
}

function checkModel(model: string, variable: string): string {
  if (model.trim() === '') throw new ConfigError('no model name is configured', { hint: `set ${variable}` });
  return model;
}
