import { ConfigError } from '../core/index.ts';
import { type EndpointTest, type EndpointTestDeps, testLanguageEndpoint } from '../llm/index.ts';
import { type Env, loadConfig, modelEnvironment } from './config.ts';
import type { Runtime } from './runtime.ts';
import { readSettings, writeSettings } from './settings-file.ts';

/** The model settings as the settings page shows them. Never contains an API key. */
export interface ModelSettingsView {
  /** Where the model in use comes from. */
  source: 'environment' | 'settings' | 'default';
  /** The environment variables that are set and therefore win over the saved settings. */
  environmentVariables: string[];
  /** The language model in use. */
  active: { kind: 'openai-compatible' | 'local'; baseURL: string | null; model: string; hasApiKey: boolean };
  /** What was saved in the web app (used when no environment variable overrides it). */
  saved: { baseURL: string; model: string; hasApiKey: boolean } | null;
  /** The local model's download failed and is not retried until the settings change. */
  downloadFailure: { model: string; message: string; at: string } | null;
}

export interface ModelSettingsInput {
  baseURL: string;
  model: string;
  /** Omitted: keep the saved key (when the base URL is unchanged). Empty: no key. */
  apiKey?: string | undefined;
}

export interface SaveResult {
  saved: boolean;
  test: EndpointTest;
  settings: ModelSettingsView;
}

/**
 * The model settings a person changes in the web app: tested against the server before they are saved to
 * `<dataDir>/settings.json`, then applied to the running runtime without a restart. Environment variables
 * still win (the view says which ones are set).
 */
export interface ModelSettingsService {
  view(): ModelSettingsView;
  test(input: ModelSettingsInput): Promise<EndpointTest>;
  /** Tests, then saves and applies when the test passed. */
  save(input: ModelSettingsInput): Promise<SaveResult>;
  /** Forgets the saved model (back to the environment or the local default). */
  clear(): Promise<ModelSettingsView>;
}

export interface ModelSettingsDeps {
  rt: Runtime;
  env: Env;
  /** Where settings.json lives; default the runtime's data directory. */
  dataDir?: string;
  /** Network seams and deadlines of the endpoint test. */
  test?: EndpointTestDeps;
}

export function createModelSettings(deps: ModelSettingsDeps): ModelSettingsService {
  const dataDir = () => deps.dataDir ?? deps.rt.config.dataDir;
  const savedModel = () => readSettings(dataDir()).model ?? null;

  /** The input with the saved key filled in when it was omitted and the server is the same. */
  const withKey = (input: ModelSettingsInput) => {
    const baseURL = input.baseURL.trim().replace(/\/+$/, '');
    const model = input.model.trim();
    let apiKey = input.apiKey?.trim();
    if (input.apiKey === undefined) {
      const saved = savedModel();
      if (saved && saved.baseURL.replace(/\/+$/, '') === baseURL) apiKey = saved.apiKey;
    }
    return { baseURL, model, ...(apiKey ? { apiKey } : {}) };
  };

  const apply = async () => {
    const next = loadConfig(deps.env, { dataDir: dataDir() });
    const { config } = deps.rt;
    const unchanged =
      JSON.stringify([next.language, next.embedding, next.modelSource]) ===
      JSON.stringify([config.language, config.embedding, config.modelSource]);
    if (unchanged) return;
    if (!deps.rt.reconfigureModels) {
      throw new ConfigError('this server cannot change its model while it runs', {
        hint: 'restart it to use the saved settings',
      });
    }
    await deps.rt.reconfigureModels(next);
  };

  const view = (): ModelSettingsView => {
    const { config, models } = deps.rt;
    const saved = savedModel();
    const failure = models.downloadFailures().find((f) => f.role === 'language') ?? null;
    const language = config.language;
    return {
      source: config.modelSource,
      environmentVariables: modelEnvironment(deps.env),
      active:
        language.kind === 'openai-compatible'
          ? {
              kind: language.kind,
              baseURL: language.baseURL,
              model: language.model,
              hasApiKey: Boolean(language.apiKey),
            }
          : { kind: 'local', baseURL: null, model: language.model, hasApiKey: false },
      saved: saved ? { baseURL: saved.baseURL, model: saved.model, hasApiKey: Boolean(saved.apiKey) } : null,
      downloadFailure: failure ? { model: failure.spec, message: failure.message, at: failure.at } : null,
    };
  };

  const test = (input: ModelSettingsInput) =>
    testLanguageEndpoint({ kind: 'openai-compatible', ...withKey(input) }, deps.test);

  return {
    view,
    test,
    async save(input) {
      const settings = withKey(input);
      const result = await test(input);
      if (!result.ok) return { saved: false, test: result, settings: view() };
      const current = readSettings(dataDir());
      await writeSettings(dataDir(), { ...current, model: settings });
      await apply();
      return { saved: true, test: result, settings: view() };
    },
    async clear() {
      const { model: _forgotten, ...rest } = readSettings(dataDir());
      await writeSettings(dataDir(), rest);
      await apply();
      return view();
    },
  };
}
