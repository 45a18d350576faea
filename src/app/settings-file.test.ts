import { statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/index.ts';
import { loadConfig } from './config.ts';
import { readSettings, writeSettings } from './settings-file.ts';

const saved = { baseURL: 'http://127.0.0.1:11434/v1/', model: 'qwen2.5:1.5b', apiKey: 'sk-local' };

describe('settings saved in the web app', () => {
  it('are written for the owner only and read back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ipet-settings-'));
    await writeSettings(dir, { version: 1, model: saved });
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
    expect(readSettings(dir).model).toEqual(saved);
    expect(readSettings(join(dir, 'missing'))).toEqual({ version: 1 });
  });

  it('give the language model when no model variable is set; the environment wins otherwise', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ipet-settings-'));
    await writeSettings(dir, { version: 1, model: saved });
    const fromFile = loadConfig({ IPET_DATA_DIR: dir, IPET_EMBED_MODEL: 'nomic-embed-text' });
    expect(fromFile.modelSource).toBe('settings');
    expect(fromFile.language).toEqual({
      kind: 'openai-compatible',
      baseURL: 'http://127.0.0.1:11434/v1',
      model: 'qwen2.5:1.5b',
      apiKey: 'sk-local',
    });
    // Embeddings on the same server use its key.
    expect(fromFile.embedding).toMatchObject({ baseURL: 'http://127.0.0.1:11434/v1', apiKey: 'sk-local' });

    for (const env of [
      { IPET_LLM_BASE_URL: 'http://127.0.0.1:8000/v1', IPET_LLM_MODEL: 'Qwen/Qwen2.5-7B-Instruct' },
      { IPET_LLM_MODEL_PATH: '/models/m.gguf' },
      { OPENAI_API_KEY: 'sk-hosted' },
    ]) {
      const config = loadConfig({ IPET_DATA_DIR: dir, ...env });
      expect(config.modelSource).toBe('environment');
      expect(JSON.stringify(config.language)).not.toContain('11434');
    }
    const none = loadConfig({ IPET_DATA_DIR: dir }, { savedModel: null });
    expect(none.modelSource).toBe('default');
    expect(none.language.kind).toBe('local');
  });

  it('a broken file is a ConfigError naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ipet-settings-'));
    writeFileSync(join(dir, 'settings.json'), '{ not json');
    const error = (() => {
      try {
        loadConfig({ IPET_DATA_DIR: dir });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(join(dir, 'settings.json'));
    expect((error as ConfigError).hint).toContain('delete it');
  });
});
