import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../core/index.ts';
import { DEFAULT_NIGHTLY_TIME, DEFAULT_PAIR_BUDGET_SECONDS, parseNightlyTime } from '../nightly/index.ts';
import { readSettings, type SavedModelSettings } from './settings-file.ts';

/**
 * Configuration of a running ipet, resolved once in the composition root (CLI or server) from explicit
 * options, then environment variables, then defaults. Nothing below `src/app` reads the environment.
 */
export type StoreConfig =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; url: string; poolSize?: number };

export type LanguageModelConfig =
  | { kind: 'openai-compatible'; baseURL: string; model: string; apiKey?: string }
  | { kind: 'local'; model: string; modelsDir: string };

export type EmbeddingConfig =
  | { kind: 'openai-compatible'; baseURL: string; model: string; apiKey?: string; dimensions?: number }
  | {
      kind: 'local';
      model: string;
      modelsDir: string;
      /**
       * Chosen by ipet, not named (a local language model and no embedding model set): used when it can be
       * had - on disk, or downloaded by `ipet up`/`serve`/`reindex` - else the lexical fallback with a warning.
       */
      automatic?: true;
    }
  | { kind: 'lexical' };

export interface NightlyConfig {
  /** Off-peak time of day (HH:MM) in each owner's timezone (IPET_NIGHTLY_HOUR, default 03:00). */
  at: string;
  /**
   * Whether `ipet up`/`ipet serve` run the nightly jobs themselves (`in-process`, the default) or leave them
   * to separate `ipet worker` processes (`external`): IPET_NIGHTLY_WORKER.
   */
  worker: 'in-process' | 'external';
  /** Model calls at once for the nightly batch, fleet-wide (IPET_NIGHTLY_SLOTS); null: the model's concurrency. */
  slots: number | null;
  /**
   * Each pair's time budget for its night, in seconds (IPET_NIGHTLY_PAIR_BUDGET_SECONDS, default 300): once
   * its attempts have used it, the pair is reported failed with its cause and not tried again that night.
   */
  pairBudgetSeconds: number;
}

export interface IpetConfig {
  dataDir: string;
  store: StoreConfig;
  /**
   * `IPET_REDIS_URL` (`redis://...`): the rate limits and `/metrics` counters live in this Redis, under keys
   * starting with `IPET_REDIS_PREFIX` (default `ipet:`), instead of the store's tables; null: in the store
   * (shared by every process on it either way).
   */
  redis: { url: string; prefix: string } | null;
  /**
   * Chat turns per user, all processes together: a burst of `burst` (IPET_CHAT_BURST, default 20) regaining
   * `perMinute` a minute (IPET_CHAT_PER_MINUTE, default 10).
   */
  chatLimit: { burst: number; perMinute: number };
  language: LanguageModelConfig;
  /**
   * Where the language model setting came from: the environment (any of `MODEL_ENV_VARIABLES` set), the
   * settings saved in the web app (`<dataDir>/settings.json`), or the local default model.
   */
  modelSource: 'environment' | 'settings' | 'default';
  embedding: EmbeddingConfig;
  /** Fixed clock (tests, demos, reproducible evaluation). */
  now: Date | null;
  adminKey: string | null;
  /**
   * A request header naming the signed-in user, set by the operator's authenticating proxy
   * (IPET_TRUSTED_USER_HEADER, e.g. `x-forwarded-user`); unset: no such header is honoured.
   */
  trustedUserHeader?: string | null;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  llm: {
    maxConcurrency: number;
    /** A streamed reply's first token, per attempt (IPET_LLM_FIRST_TOKEN_TIMEOUT_MS). */
    firstTokenTimeoutMs: number;
    /** A structured (one-piece) answer, per attempt (IPET_LLM_RESPONSE_TIMEOUT_MS). */
    responseTimeoutMs: number;
    /** An embedding request, per attempt (IPET_EMBED_TIMEOUT_MS). */
    embeddingTimeoutMs: number;
    totalTimeoutMs: number;
    maxRetries: number;
    contextWindow: number;
  };
  sessionIdleMinutes: number;
  /**
   * On SIGTERM/SIGINT, `ipet serve`/`up` let chat turns in flight finish for this long before cutting them
   * off (IPET_SHUTDOWN_GRACE_SECONDS, default 20); with none in flight they exit at once.
   */
  shutdownGraceMs: number;
  /** The T+1 work (paper section 2.4): when it runs and which process runs it. */
  nightly: NightlyConfig;
  /** Messages the pet starts (issue 18): who may get them, how often they are delivered, the webhook. */
  proactive: ProactiveConfig;
  /** The A/B experiment users are assigned to (`assignVariant`), or null: no experiment, no variants. */
  experiment: ExperimentConfig | null;
}

export interface ProactiveConfig {
  /** Minors may opt in too (IPET_PROACTIVE_MINORS=1); off by default: none for minors. */
  allowMinors: boolean;
  /** How often each serving or worker process delivers due messages (IPET_PROACTIVE_EVERY_SECONDS, default 20). */
  everyMs: number;
  /** The operator's webhook told of each delivered message (IPET_PROACTIVE_WEBHOOK_URL), or null. */
  webhookUrl: string | null;
  /** Signs the webhook's bodies with HMAC-SHA256 (IPET_PROACTIVE_WEBHOOK_SECRET), or null. */
  webhookSecret: string | null;
}

export interface ExperimentConfig {
  /** `IPET_EXPERIMENT`, e.g. `world-sim` (the only experiment that changes what users get). */
  name: string;
  /** `IPET_EXPERIMENT_SALT`: a new salt reshuffles users between variants. */
  salt: string;
  variants: readonly ['control', 'treatment'];
}

/** Salt of the variant assignment when `IPET_EXPERIMENT_SALT` is not set. */
export const DEFAULT_EXPERIMENT_SALT = 'ipet-experiment-v1';

export type Env = Record<string, string | undefined>;

/** Where each setting can come from; documented in README's configuration table. */
export interface ConfigOverrides {
  dataDir?: string;
  databaseUrl?: string;
  llmBaseUrl?: string;
  llmModel?: string;
  /** The model saved in the web app; default: read from `<dataDir>/settings.json`. Null: none. */
  savedModel?: SavedModelSettings | null;
}

/** Any of these set: the language model comes from the environment, not from the saved settings. */
export const MODEL_ENV_VARIABLES = [
  'IPET_LLM_BASE_URL',
  'OPENAI_BASE_URL',
  'IPET_LLM_API_KEY',
  'OPENAI_API_KEY',
  'IPET_LLM_MODEL_PATH',
] as const;

/** The variables of `MODEL_ENV_VARIABLES` that are set (so the saved model settings are not used). */
export function modelEnvironment(env: Env): string[] {
  return MODEL_ENV_VARIABLES.filter((name) => Boolean(env[name]?.trim()));
}

export function loadConfig(env: Env, overrides: ConfigOverrides = {}): IpetConfig {
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const dataDir = expandHome(overrides.dataDir ?? get('IPET_DATA_DIR') ?? join(homedir(), '.ipet'));
  const databaseUrl = overrides.databaseUrl ?? get('IPET_DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('IPET_DATABASE_URL must start with postgres:// or postgresql://', {
      hint: 'unset it to use the embedded store under IPET_DATA_DIR',
    });
  }
  const store: StoreConfig = databaseUrl
    ? { kind: 'postgres', url: databaseUrl, poolSize: int(get('IPET_DB_POOL_SIZE'), 'IPET_DB_POOL_SIZE', 10) }
    : { kind: 'pglite', dataDir: join(dataDir, 'db') };
  const redisUrl = get('IPET_REDIS_URL') ?? null;
  const redis = redisUrl ? { url: redisUrl, prefix: get('IPET_REDIS_PREFIX') ?? 'ipet:' } : null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) {
    throw new ConfigError('IPET_REDIS_URL must start with redis:// or rediss://', {
      hint: 'unset it to keep rate limits and metrics in the store',
    });
  }

  const modelsDir = modelsDirOf(dataDir);
  const llmBase = overrides.llmBaseUrl ?? get('IPET_LLM_BASE_URL') ?? get('OPENAI_BASE_URL');
  const llmKey = get('IPET_LLM_API_KEY') ?? get('OPENAI_API_KEY');
  const llmModel = overrides.llmModel ?? get('IPET_LLM_MODEL');
  const modelPath = get('IPET_LLM_MODEL_PATH');
  const fromEnvironment = Boolean(llmBase || llmKey || modelPath);
  const saved = fromEnvironment
    ? null
    : overrides.savedModel !== undefined
      ? overrides.savedModel
      : (readSettings(dataDir).model ?? null);
  let language: LanguageModelConfig;
  if (saved) {
    language = {
      kind: 'openai-compatible',
      baseURL: normaliseBaseUrl(saved.baseURL, `the base URL saved in ${join(dataDir, 'settings.json')}`),
      model: saved.model,
      ...(saved.apiKey ? { apiKey: saved.apiKey } : {}),
    };
  } else if (llmBase || (llmKey && !modelPath)) {
    const baseURL = normaliseBaseUrl(llmBase ?? 'https://api.openai.com/v1', 'IPET_LLM_BASE_URL');
    const model = llmModel ?? (baseURL.includes('api.openai.com') ? 'gpt-4o-mini' : undefined);
    if (!model) {
      throw new ConfigError(`IPET_LLM_BASE_URL is set (${baseURL}) but no model is named`, {
        hint: 'set IPET_LLM_MODEL to a model the server serves (see its /v1/models)',
      });
    }
    language = { kind: 'openai-compatible', baseURL, model, ...(llmKey ? { apiKey: llmKey } : {}) };
  } else {
    language = { kind: 'local', model: expandHome(modelPath ?? 'default'), modelsDir };
  }

  const embedModel = get('IPET_EMBED_MODEL');
  const embedBase = get('IPET_EMBED_BASE_URL');
  const embedPath = get('IPET_EMBED_MODEL_PATH');
  let embedding: EmbeddingConfig;
  if (embedModel && (embedBase || language.kind === 'openai-compatible')) {
    const baseURL = normaliseBaseUrl(
      embedBase ?? (language.kind === 'openai-compatible' ? language.baseURL : ''),
      'IPET_EMBED_BASE_URL',
    );
    const apiKey = get('IPET_EMBED_API_KEY') ?? llmKey ?? saved?.apiKey;
    const dims = get('IPET_EMBED_DIMENSIONS');
    embedding = {
      kind: 'openai-compatible',
      baseURL,
      model: embedModel,
      ...(apiKey ? { apiKey } : {}),
      ...(dims ? { dimensions: int(dims, 'IPET_EMBED_DIMENSIONS', 0) } : {}),
    };
  } else if (embedBase && !embedModel) {
    throw new ConfigError('IPET_EMBED_BASE_URL is set but IPET_EMBED_MODEL is not', {
      hint: 'set IPET_EMBED_MODEL to the embedding model the server serves',
    });
  } else if (embedPath?.toLowerCase() === 'lexical') {
    embedding = { kind: 'lexical' };
  } else if (embedPath) {
    embedding = { kind: 'local', model: expandHome(embedPath), modelsDir };
  } else if (language.kind === 'local') {
    // A local language model and no embedding model named: the multilingual default (BGE-M3), automatically.
    embedding = { kind: 'local', model: 'default', modelsDir, automatic: true };
  } else {
    embedding = { kind: 'lexical' };
  }

  const nowRaw = get('IPET_NOW');
  let now: Date | null = null;
  if (nowRaw) {
    now = new Date(nowRaw);
    if (Number.isNaN(now.getTime())) {
      throw new ConfigError(`IPET_NOW is not an ISO timestamp: ${nowRaw}`, {
        hint: 'use e.g. IPET_NOW=2026-05-01T09:30:00Z, or unset it',
      });
    }
  }
  const logLevel = get('IPET_LOG_LEVEL') ?? 'warn';
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new ConfigError(`IPET_LOG_LEVEL must be debug, info, warn or error (got ${logLevel})`);
  }

  const experimentName = get('IPET_EXPERIMENT');
  if (experimentName && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(experimentName)) {
    throw new ConfigError(
      `IPET_EXPERIMENT must be a short name (letters, digits, _ . -), got ${experimentName}`,
      {
        hint: 'use e.g. IPET_EXPERIMENT=world-sim, or unset it for no experiment',
      },
    );
  }
  const experiment: ExperimentConfig | null = experimentName
    ? {
        name: experimentName,
        salt: get('IPET_EXPERIMENT_SALT') ?? DEFAULT_EXPERIMENT_SALT,
        variants: ['control', 'treatment'],
      }
    : null;

  return {
    dataDir,
    store,
    redis,
    chatLimit: {
      burst: Math.max(1, Math.floor(positive(get('IPET_CHAT_BURST'), 'IPET_CHAT_BURST', 20))),
      perMinute: positive(get('IPET_CHAT_PER_MINUTE'), 'IPET_CHAT_PER_MINUTE', 10),
    },
    language,
    modelSource: fromEnvironment ? 'environment' : saved ? 'settings' : 'default',
    embedding,
    now,
    adminKey: get('IPET_ADMIN_KEY') ?? null,
    trustedUserHeader: get('IPET_TRUSTED_USER_HEADER')?.trim().toLowerCase() || null,
    logLevel: logLevel as IpetConfig['logLevel'],
    llm: {
      maxConcurrency: int(get('IPET_LLM_CONCURRENCY'), 'IPET_LLM_CONCURRENCY', 8),
      firstTokenTimeoutMs: int(
        get('IPET_LLM_FIRST_TOKEN_TIMEOUT_MS'),
        'IPET_LLM_FIRST_TOKEN_TIMEOUT_MS',
        30_000,
      ),
      responseTimeoutMs: int(get('IPET_LLM_RESPONSE_TIMEOUT_MS'), 'IPET_LLM_RESPONSE_TIMEOUT_MS', 60_000),
      embeddingTimeoutMs: int(get('IPET_EMBED_TIMEOUT_MS'), 'IPET_EMBED_TIMEOUT_MS', 15_000),
      totalTimeoutMs: int(get('IPET_LLM_TIMEOUT_MS'), 'IPET_LLM_TIMEOUT_MS', 120_000),
      maxRetries: int(get('IPET_LLM_MAX_RETRIES'), 'IPET_LLM_MAX_RETRIES', 3),
      contextWindow: int(get('IPET_LLM_CONTEXT_WINDOW'), 'IPET_LLM_CONTEXT_WINDOW', 8192),
    },
    sessionIdleMinutes: positive(get('IPET_SESSION_IDLE_MINUTES'), 'IPET_SESSION_IDLE_MINUTES', 30),
    shutdownGraceMs: positive(get('IPET_SHUTDOWN_GRACE_SECONDS'), 'IPET_SHUTDOWN_GRACE_SECONDS', 20) * 1000,
    nightly: {
      at: nightlyTime(get('IPET_NIGHTLY_HOUR')),
      worker: nightlyWorker(get('IPET_NIGHTLY_WORKER')),
      slots: nightlySlots(get('IPET_NIGHTLY_SLOTS')),
      pairBudgetSeconds: positive(
        get('IPET_NIGHTLY_PAIR_BUDGET_SECONDS'),
        'IPET_NIGHTLY_PAIR_BUDGET_SECONDS',
        DEFAULT_PAIR_BUDGET_SECONDS,
      ),
    },
    proactive: proactiveConfig(get),
    experiment,
  };
}

function proactiveConfig(get: (name: string) => string | undefined): ProactiveConfig {
  const minors = get('IPET_PROACTIVE_MINORS');
  if (minors !== undefined && !['0', '1', 'true', 'false', 'yes', 'no'].includes(minors.toLowerCase())) {
    throw new ConfigError(`IPET_PROACTIVE_MINORS must be 1 or 0 (got ${minors})`);
  }
  const webhookUrl = get('IPET_PROACTIVE_WEBHOOK_URL') ?? null;
  if (webhookUrl && !/^https?:\/\//.test(webhookUrl)) {
    throw new ConfigError(`IPET_PROACTIVE_WEBHOOK_URL must be an http(s) URL (got ${redactUrl(webhookUrl)})`);
  }
  return {
    allowMinors: minors !== undefined && ['1', 'true', 'yes'].includes(minors.toLowerCase()),
    everyMs: positive(get('IPET_PROACTIVE_EVERY_SECONDS'), 'IPET_PROACTIVE_EVERY_SECONDS', 20) * 1000,
    webhookUrl,
    webhookSecret: get('IPET_PROACTIVE_WEBHOOK_SECRET') ?? null,
  };
}

/** Where local model files are downloaded (and remembered download failures kept). */
export function modelsDirOf(dataDir: string): string {
  return join(dataDir, 'models');
}

/** A number > 0, decimals allowed (an idle gap of 0.1 minutes makes demos and tests quick). */
function positive(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    throw new ConfigError(`${name} must be a number above 0 (got ${raw})`, {
      hint: `e.g. ${name}=${fallback}`,
    });
  }
  return n;
}

function nightlyTime(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') return DEFAULT_NIGHTLY_TIME;
  try {
    return parseNightlyTime(raw, 'IPET_NIGHTLY_HOUR');
  } catch (cause) {
    throw new ConfigError(`IPET_NIGHTLY_HOUR must be an hour (0-23) or HH:MM (got ${raw})`, {
      cause,
      hint: 'e.g. IPET_NIGHTLY_HOUR=3 or IPET_NIGHTLY_HOUR=02:30',
    });
  }
}

function nightlySlots(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === '') return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) {
    throw new ConfigError(`IPET_NIGHTLY_SLOTS must be a whole number from 1 to 10000 (got ${raw})`);
  }
  return n;
}

function nightlyWorker(raw: string | undefined): NightlyConfig['worker'] {
  if (raw === undefined || raw.trim() === '' || raw.trim() === 'in-process') return 'in-process';
  if (raw.trim() === 'external') return 'external';
  throw new ConfigError(`IPET_NIGHTLY_WORKER must be in-process or external (got ${raw})`, {
    hint: 'use external when separate `ipet worker` processes run the nightly jobs',
  });
}

function int(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new ConfigError(`${name} must be a non-negative whole number (got ${raw})`);
  }
  return n;
}

function normaliseBaseUrl(raw: string, name: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL: ${raw}`, { hint: 'use e.g. http://127.0.0.1:8000/v1' });
  }
  return url.href.replace(/\/+$/, '');
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : p;
}

/** A description of the configuration that is safe to print (no keys, no passwords). */
export function describeConfig(config: IpetConfig) {
  return {
    store:
      config.store.kind === 'pglite'
        ? { kind: 'pglite', location: config.store.dataDir }
        : { kind: 'postgres', location: redactUrl(config.store.url) },
    sharedLimits: config.redis ? redactUrl(config.redis.url) : 'store',
    language:
      config.language.kind === 'openai-compatible'
        ? { kind: config.language.kind, baseURL: config.language.baseURL, model: config.language.model }
        : { kind: 'local', model: config.language.model },
    embedding:
      config.embedding.kind === 'openai-compatible'
        ? { kind: config.embedding.kind, baseURL: config.embedding.baseURL, model: config.embedding.model }
        : config.embedding.kind === 'local'
          ? { kind: 'local', model: config.embedding.model }
          : { kind: 'lexical' },
    now: config.now?.toISOString() ?? null,
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href;
  } catch {
    return '(invalid url)';
  }
}
