import type { FetchFunction } from '@ai-sdk/provider-utils';
import { describe, expect, it, vi } from 'vitest';
import { manualTimer } from '../../test/index.ts';
import { chatCompletion, errorBody, modelList } from '../testing/openai-wire.ts';
import { testLanguageEndpoint } from './test-endpoint.ts';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function server(routes: Record<string, () => Response | Promise<Response>>): FetchFunction {
  return async (input) => {
    const path = new URL(String(input instanceof Request ? input.url : input)).pathname;
    const route = routes[path];
    return route ? route() : json(errorBody('not found', 'invalid_request_error'), 404);
  };
}

const settings = { kind: 'openai-compatible' as const, baseURL: 'http://llm.test/v1', model: 'qwen2.5:1.5b' };

describe('testLanguageEndpoint', () => {
  it('passes when the model answers, listing what the server serves', async () => {
    const result = await testLanguageEndpoint(settings, {
      fetch: server({
        '/v1/models': () => json(modelList(['qwen2.5:1.5b', 'nomic-embed-text'])),
        '/v1/chat/completions': () => json(chatCompletion('OK')),
      }),
    });
    expect(result).toMatchObject({ ok: true, failure: null, models: ['qwen2.5:1.5b', 'nomic-embed-text'] });
  });

  it('says the key is refused, or missing', async () => {
    const fetch = server({ '/v1/models': () => json(errorBody('bad key', 'invalid_api_key'), 401) });
    const without = await testLanguageEndpoint(settings, { fetch });
    expect(without).toMatchObject({ ok: false, failure: 'unauthorized' });
    expect(without.message).toContain('it needs an API key');
    const wrong = await testLanguageEndpoint({ ...settings, apiKey: 'sk-wrong' }, { fetch });
    expect(wrong.message).toContain('the API key is not accepted');
  });

  it('names the models the server has when the model is unknown', async () => {
    const result = await testLanguageEndpoint(settings, {
      fetch: server({
        '/v1/models': () => json(modelList(['llama3.2:3b'])),
        '/v1/chat/completions': () =>
          json(errorBody('model "qwen2.5:1.5b" not found', 'not_found_error'), 404),
      }),
    });
    expect(result).toMatchObject({ ok: false, failure: 'unknown_model' });
    expect(result.message).toContain('does not serve a model named qwen2.5:1.5b; it lists llama3.2:3b');
  });

  it('gives up a model that does not answer in time', async () => {
    const timer = manualTimer();
    const pending = testLanguageEndpoint(settings, {
      timer,
      callTimeoutMs: 20_000,
      fetch: server({
        '/v1/models': () => json(modelList(['qwen2.5:1.5b'])),
        '/v1/chat/completions': () => new Promise<Response>(() => {}),
      }),
    });
    await vi.waitFor(() => expect(timer.pending()).toContain(20_000));
    timer.fire(20_000);
    const result = await pending;
    expect(result).toMatchObject({ ok: false, failure: 'timeout' });
    expect(result.message).toContain('did not answer in time');
  });

  it('rejects settings that are not a URL without calling anything', async () => {
    const fetch = vi.fn<FetchFunction>();
    const result = await testLanguageEndpoint({ ...settings, baseURL: 'not a url' }, { fetch });
    expect(result).toMatchObject({ ok: false, failure: 'invalid_settings' });
    expect(fetch).not.toHaveBeenCalled();
  });
});
