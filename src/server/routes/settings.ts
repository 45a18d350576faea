import { z } from 'zod';
import type { ModelSettingsService } from '../../app/index.ts';
import { NotFoundError } from '../../core/index.ts';
import type { ServerContext } from '../context.ts';

const httpUrl = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .refine((raw) => {
    try {
      const url = new URL(raw);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// address, e.g. http://127.0.0.1:11434/v1');

/** The body of the test and save routes. */
export const modelSettingsBody = z.strictObject({
  baseURL: httpUrl.describe('the OpenAI-compatible API, up to /v1 (e.g. http://127.0.0.1:11434/v1)'),
  model: z.string().trim().min(1).max(200).describe('a model the server serves (see its /v1/models)'),
  apiKey: z
    .string()
    .max(1000)
    .optional()
    .describe('omitted: keep the saved key for the same server; empty: no key. Never returned.'),
});

const savedView = z.object({ baseURL: z.string(), model: z.string(), hasApiKey: z.boolean() });

/** The model settings as the settings page shows them (never the API key). */
export const modelSettingsJson = z.object({
  source: z.enum(['environment', 'settings', 'default']),
  environmentVariables: z.array(z.string()),
  active: z.object({
    kind: z.enum(['openai-compatible', 'local']),
    baseURL: z.string().nullable(),
    model: z.string(),
    hasApiKey: z.boolean(),
  }),
  saved: savedView.nullable(),
  downloadFailure: z.object({ model: z.string(), message: z.string(), at: z.string() }).nullable(),
});

/** The outcome of trying a server (`failure` is a stable code for translations). */
export const endpointTestJson = z.object({
  ok: z.boolean(),
  failure: z
    .enum([
      'invalid_settings',
      'unreachable',
      'timeout',
      'unauthorized',
      'unknown_model',
      'rate_limited',
      'server_error',
      'bad_answer',
    ])
    .nullable(),
  message: z.string(),
  models: z.array(z.string()),
  simulator: z.boolean(),
  latencyMs: z.number().nullable(),
});

/** What saving answers: whether it was saved (only after a passing test), the test, the settings now. */
export const modelSaveJson = z.object({
  saved: z.boolean(),
  test: endpointTestJson,
  settings: modelSettingsJson,
});

/**
 * The model this ipet uses, changed from the web app: read it, test a server, save (after a passing test)
 * and apply without a restart, or forget the saved one. Only the operator, or - under `ipet up` - a
 * signed-in user on this computer, may use these routes.
 */
export function registerSettingsRoutes(ctx: ServerContext, service: ModelSettingsService | null): void {
  const { router } = ctx;
  const settings = () => {
    if (!service) {
      throw new NotFoundError('model settings', 'on this server', {
        hint: 'this server cannot change its model while it runs: set IPET_LLM_* and restart it',
      });
    }
    return service;
  };

  router.route({
    method: 'GET',
    url: '/api/v1/settings/model',
    operationId: 'getModelSettings',
    tag: 'settings',
    summary: 'The language model in use and the saved model settings (never the API key)',
    access: 'owner',
    response: modelSettingsJson,
    async handler() {
      return settings().view();
    },
  });

  router.route({
    method: 'POST',
    url: '/api/v1/settings/model/test',
    operationId: 'testModelSettings',
    tag: 'settings',
    summary: 'Tries an OpenAI-compatible server: lists its models and asks for a tiny completion',
    description: 'Answers 200 with ok: false and what failed, in plain words, when the server does not work.',
    access: 'owner',
    body: modelSettingsBody,
    bodyName: 'model settings',
    response: endpointTestJson,
    async handler({ body }) {
      return settings().test(body);
    },
  });

  router.route({
    method: 'PUT',
    url: '/api/v1/settings/model',
    operationId: 'saveModelSettings',
    tag: 'settings',
    summary:
      'Tests the server, then saves the settings and uses them at once (saved: false when the test failed)',
    description:
      'Environment variables (IPET_LLM_BASE_URL, IPET_LLM_MODEL_PATH, ...) win over saved settings: `source` and `environmentVariables` say whether the saved model is in use.',
    access: 'owner',
    body: modelSettingsBody,
    bodyName: 'model settings',
    response: modelSaveJson,
    async handler({ body }) {
      return settings().save(body);
    },
  });

  router.route({
    method: 'DELETE',
    url: '/api/v1/settings/model',
    operationId: 'clearModelSettings',
    tag: 'settings',
    summary: 'Forgets the saved model (back to the environment or the local default)',
    access: 'owner',
    response: modelSettingsJson,
    async handler() {
      return settings().clear();
    },
  });
}
