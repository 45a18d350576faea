import type { FetchFunction } from '@ai-sdk/provider-utils';
import { generateText } from 'ai';
import { describe, expect, it } from 'vitest';
import type { ModelUsageRecord } from '../core/index.ts';
import { ConfigError, tagsToProviderOptions } from '../core/index.ts';
import { recordingSleep } from '../test/index.ts';
import { createModels } from './create-models.ts';
import { chatCompletion, embeddingList, errorBody, modelList } from './testing/openai-wire.ts';

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** An in-process OpenAI-compatible server: `routes` answers by path. */
function fakeFetch(routes: Record<string, (body: unknown) => Response>) {
  const requests: Array<{ url: string; body: unknown; authorization: string | null }> = [];
  const fetch: FetchFunction = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : null;
    const headers = new Headers(init?.headers);
    requests.push({ url, body, authorization: headers.get('authorization') });
    const path = new URL(url).pathname;
    const route = routes[path];
    if (!route) return json(errorBody('not found', 'invalid_request_error'), 404);
    return route(body);
  };
  return { fetch, requests };
}

const server = {
  '/v1/models': () => json(modelList(['qwen2.5:7b', 'bge-m3'], 'ipet-simulator')),
  '/v1/chat/completions': () => json(chatCompletion('OK', { prompt: 9, completion: 1 })),
  '/v1/embeddings': (body: unknown) =>
    json(embeddingList(((body as { input: string[] }).input ?? []).map(() => [0.6, 0.8, 0]))),
};

const remote = {
  language: {
    kind: 'openai-compatible' as const,
    baseURL: 'http://llm.test/v1',
    model: 'qwen2.5:7b',
    apiKey: 'sk-secret',
  },
  embedding: { kind: 'openai-compatible' as const, baseURL: 'http://llm.test/v1/', model: 'bge-m3' },
};

describe('createModels', () => {
  it('without a language model: no language, the lexical embedder, and a probe that says what to set', async () => {
    const models = createModels({ language: null, embedding: { kind: 'lexical' } });
    expect(models.language).toBeNull();
    expect(models.languageId).toBeNull();
    expect(models.embedder).toMatchObject({ id: 'lexical-hash-v1', kind: 'lexical' });
    const report = await models.probe();
    expect(report.ok).toBe(false);
    expect(report.language).toMatchObject({ configured: false, answerOk: false });
    expect(report.language.fix).toContain('IPET_LLM_BASE_URL');
    expect(report.language.fix).toContain('IPET_LLM_MODEL_PATH');
    expect(report.embedding).toMatchObject({ kind: 'lexical', answerOk: true, dimensions: 384 });
    expect(report.embedding.fix).toContain('IPET_EMBED_BASE_URL');
  });

  it('talks to an OpenAI-compatible server through the guarded models and accounts for usage', async () => {
    const { fetch, requests } = fakeFetch(server);
    const records: ModelUsageRecord[] = [];
    const models = createModels(remote, { fetch, onUsage: (r) => records.push(r) });
    expect(models.languageId).toBe('qwen2.5:7b');
    const result = await generateText({
      model: models.language!,
      prompt: 'hi',
      maxRetries: 0,
      providerOptions: tagsToProviderOptions({ purpose: 'chat', userId: 'usr_1' }),
    });
    expect(result.text).toBe('OK');
    expect(requests[0]?.authorization).toBe('Bearer sk-secret');
    expect(requests[0]?.body).not.toHaveProperty('ipet');
    expect(models.embedder).toMatchObject({ id: 'bge-m3', kind: 'remote' });
    expect(await models.embedder.embed(['a', 'b'], { purpose: 'memory' })).toEqual([
      [0.6, 0.8, 0],
      [0.6, 0.8, 0],
    ]);
    expect(records.map((r) => [r.purpose, r.model, r.inputTokens, r.ok])).toEqual([
      ['chat', 'qwen2.5:7b', 9, true],
      ['memory', 'bge-m3', 4, true],
    ]);
    expect(models.usage()).toMatchObject({
      chat: { calls: 1, inputTokens: 9, outputTokens: 1 },
      memory: { calls: 1 },
    });
    // the same base URL (trailing slash aside) is one provider: one breaker
    expect(models.circuits()).toEqual([
      { name: 'http://llm.test/v1', state: 'closed', consecutiveFailures: 0, opened: 0 },
    ]);
  });

  it('probes both models, recognises the simulator, and never reports the key', async () => {
    const { fetch } = fakeFetch(server);
    const models = createModels(remote, { fetch });
    const report = await models.probe();
    expect(report.ok).toBe(true);
    expect(report.language).toMatchObject({
      configured: true,
      kind: 'openai-compatible',
      model: 'qwen2.5:7b',
      baseURL: 'http://llm.test/v1',
      reachable: true,
      answerOk: true,
      simulator: true,
      error: null,
      fix: null,
    });
    expect(report.embedding).toMatchObject({ id: 'bge-m3', answerOk: true, dimensions: 3 });
    expect(JSON.stringify(report)).not.toContain('sk-secret');
  });

  it('tells what to set when the server is down, refuses the key, or lacks the model', async () => {
    const down: FetchFunction = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    };
    const downReport = await createModels(remote, { fetch: down }).probe();
    expect(downReport.language).toMatchObject({ reachable: false, answerOk: false });
    expect(downReport.language.fix).toContain('IPET_LLM_BASE_URL');
    expect(downReport.embedding.fix).toContain('IPET_EMBED_BASE_URL');

    const { fetch: refusing } = fakeFetch({
      '/v1/chat/completions': () => json(errorBody('bad key', 'invalid_api_key'), 401),
    });
    const refused = await createModels(
      { ...remote, embedding: { kind: 'lexical' } },
      { fetch: refusing },
    ).probe();
    expect(refused.language).toMatchObject({ reachable: true, answerOk: false });
    expect(refused.language.fix).toContain('IPET_LLM_API_KEY');

    const { fetch: noModel } = fakeFetch({
      '/v1/models': () => json(modelList(['llama3.1:8b'])),
      '/v1/chat/completions': () => json(errorBody('model not found', 'invalid_request_error'), 404),
    });
    const missing = await createModels(
      { ...remote, embedding: { kind: 'lexical' } },
      { fetch: noModel },
    ).probe();
    expect(missing.language.fix).toContain('IPET_LLM_MODEL');
    expect(missing.language.fix).toContain('llama3.1:8b');
    expect(missing.language.simulator).toBe(false);
  });

  it('names embedding spaces by model, dimensions, local file or lexical', () => {
    const withDims = createModels({
      language: null,
      embedding: { ...remote.embedding, model: 'text-embedding-3-small', dimensions: 256 },
    });
    expect(withDims.embedder.id).toBe('text-embedding-3-small@256');
    const local = createModels({
      language: { kind: 'local', model: '/models/qwen.gguf', modelsDir: '/models' },
      embedding: { kind: 'local', model: 'default', modelsDir: '/models' },
    });
    expect(local.languageId).toBe('local:qwen.gguf');
    expect(local.embedder).toMatchObject({ id: 'local:bge-m3-Q4_K_M.gguf', kind: 'local' });
  });

  it('does not load node-llama-cpp until a local model is used, and then says how to install it', async () => {
    let imports = 0;
    const models = createModels(
      {
        language: { kind: 'local', model: 'default', modelsDir: '/tmp/ipet-models' },
        embedding: { kind: 'lexical' },
      },
      {
        importNodeLlamaCpp: async () => {
          imports++;
          throw Object.assign(new Error("Cannot find package 'node-llama-cpp'"), {
            code: 'ERR_MODULE_NOT_FOUND',
          });
        },
      },
    );
    expect(imports).toBe(0);
    const error = await generateText({ model: models.language!, prompt: 'hi', maxRetries: 0 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).hint).toContain('npm install node-llama-cpp');
    const report = await models.probe();
    expect(report.language.fix).toContain('npm install node-llama-cpp');
  });

  it('rejects a base URL that is not a URL, naming the variable', () => {
    expect(() =>
      createModels({
        language: { ...remote.language, baseURL: 'localhost:8000' },
        embedding: { kind: 'lexical' },
      }),
    ).toThrow(ConfigError);
  });

  it('uses the injected sleep for backoff', async () => {
    let calls = 0;
    const { fetch } = fakeFetch({
      '/v1/chat/completions': () =>
        ++calls === 1 ? json(errorBody('busy'), 503) : json(chatCompletion('fine')),
    });
    const sleep = recordingSleep();
    const models = createModels(
      { ...remote, embedding: { kind: 'lexical' } },
      { fetch, sleep, random: () => 0.5 },
    );
    const result = await generateText({ model: models.language!, prompt: 'hi', maxRetries: 0 });
    expect(result.text).toBe('fine');
    expect(sleep.calls).toEqual([250]);
  });
});
