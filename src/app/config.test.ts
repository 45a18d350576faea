import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/index.ts';
import { describeConfig, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to the embedded store, the local default model and the default embedding model', () => {
    const c = loadConfig({ IPET_DATA_DIR: '/tmp/x' });
    expect(c.store).toEqual({ kind: 'pglite', dataDir: '/tmp/x/db' });
    expect(c.language).toEqual({ kind: 'local', model: 'default', modelsDir: '/tmp/x/models' });
    expect(c.embedding).toEqual({
      kind: 'local',
      model: 'default',
      modelsDir: '/tmp/x/models',
      automatic: true,
    });
    // Any local language model; a named embedding model or the explicit fallback wins.
    const gguf = { IPET_DATA_DIR: '/tmp/x', IPET_LLM_MODEL_PATH: '/m/q.gguf' };
    expect(loadConfig(gguf).embedding).toMatchObject({ model: 'default', automatic: true });
    expect(loadConfig({ ...gguf, IPET_EMBED_MODEL_PATH: '/m/e.gguf' }).embedding).toEqual({
      kind: 'local',
      model: '/m/e.gguf',
      modelsDir: '/tmp/x/models',
    });
    expect(loadConfig({ ...gguf, IPET_EMBED_MODEL_PATH: 'lexical' }).embedding).toEqual({ kind: 'lexical' });
    // A model server and no embedding model: the lexical embedder, as before.
    const server = loadConfig({ IPET_LLM_BASE_URL: 'http://a/v1', IPET_LLM_MODEL: 'm' });
    expect(server.embedding).toEqual({ kind: 'lexical' });
  });

  it('uses an OpenAI-compatible server and embeds there when a model is named', () => {
    const c = loadConfig({
      IPET_LLM_BASE_URL: 'http://127.0.0.1:8000/v1/',
      IPET_LLM_MODEL: 'qwen',
      IPET_EMBED_MODEL: 'bge',
      OPENAI_API_KEY: 'sk-1',
    });
    expect(c.language).toEqual({
      kind: 'openai-compatible',
      baseURL: 'http://127.0.0.1:8000/v1',
      model: 'qwen',
      apiKey: 'sk-1',
    });
    expect(c.embedding).toMatchObject({
      kind: 'openai-compatible',
      baseURL: 'http://127.0.0.1:8000/v1',
      model: 'bge',
    });
  });

  it('honours OPENAI_BASE_URL and the IPET_ names take precedence', () => {
    expect(loadConfig({ OPENAI_BASE_URL: 'http://a/v1', IPET_LLM_MODEL: 'm' }).language).toMatchObject({
      baseURL: 'http://a/v1',
    });
    expect(
      loadConfig({ OPENAI_BASE_URL: 'http://a/v1', IPET_LLM_BASE_URL: 'http://b/v1', IPET_LLM_MODEL: 'm' })
        .language,
    ).toMatchObject({ baseURL: 'http://b/v1' });
  });

  it('names the variable to set when something is missing or malformed', () => {
    const line = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).toLine();
      }
      throw new Error('expected a ConfigError');
    };
    expect(line({ IPET_LLM_BASE_URL: 'http://a/v1' })).toMatch(/set IPET_LLM_MODEL/);
    expect(line({ IPET_DATABASE_URL: 'mysql://x' })).toMatch(/IPET_DATABASE_URL/);
    expect(line({ IPET_NOW: 'yesterday' })).toMatch(/IPET_NOW/);
    expect(line({ IPET_LLM_CONCURRENCY: '-1' })).toMatch(/IPET_LLM_CONCURRENCY/);
    expect(line({ IPET_EMBED_BASE_URL: 'http://e/v1' })).toMatch(/IPET_EMBED_MODEL/);
    expect(line({ IPET_NIGHTLY_PAIR_BUDGET_SECONDS: '0' })).toMatch(/IPET_NIGHTLY_PAIR_BUDGET_SECONDS/);
  });

  it("reads each nightly pair's time budget, 300 s unless IPET_NIGHTLY_PAIR_BUDGET_SECONDS says", () => {
    expect(loadConfig({ IPET_DATA_DIR: '/tmp/x' }).nightly.pairBudgetSeconds).toBe(300);
    const env = { IPET_DATA_DIR: '/tmp/x', IPET_NIGHTLY_PAIR_BUDGET_SECONDS: '45' };
    expect(loadConfig(env).nightly.pairBudgetSeconds).toBe(45);
  });

  it('never prints secrets', () => {
    const c = loadConfig({
      IPET_DATABASE_URL: 'postgres://u:secret@h:5432/db',
      IPET_LLM_BASE_URL: 'http://a/v1',
      IPET_LLM_MODEL: 'm',
      IPET_LLM_API_KEY: 'sk-secret',
    });
    expect(JSON.stringify(describeConfig(c))).not.toMatch(/secret/);
  });
});
