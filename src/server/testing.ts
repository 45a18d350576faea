import type { FastifyInstance } from 'fastify';
import type { IpetConfig, Runtime } from '../app/index.ts';
import { loadConfig } from '../app/index.ts';
import type { Store } from '../core/index.ts';
import { ConfigError, createJsonLogger, fixedClock, sequentialIds, silentLogger } from '../core/index.ts';
import { createModels } from '../llm/index.ts';
import { type SimHandle, startSimulator } from '../sim/index.ts';
import { openTestStore } from '../test/index.ts';
import { buildServer, type ServerDeps } from './app.ts';

/** Tuesday 2025-03-04, 13:05 UTC (14:05 in Paris). */
export const T0 = '2025-03-04T13:05:00Z';
export const ADMIN_KEY = 'test-operator-key';

export interface ServerFixture {
  app: FastifyInstance;
  rt: Runtime;
  store: Store;
  sim: SimHandle;
  clock: ReturnType<typeof fixedClock>;
  /** A new user through the API (operator key) with their token. */
  signup(name: string, profile?: Record<string, unknown>): Promise<{ id: string; token: string }>;
  /** A pet of the token's user through the API. */
  createPet(token: string, name?: string): Promise<{ id: string }>;
  bearer(token: string): { authorization: string };
  close(): Promise<void>;
}

/**
 * A server over a fresh in-memory store and the project's model simulator, with a fixed clock and
 * sequential ids. For the server's own tests (and anyone testing a client of the API).
 */
export async function openServerFixture(
  options: Partial<Omit<ServerDeps, 'runtime'>> = {},
): Promise<ServerFixture> {
  const sim = await startSimulator({ port: 0, seed: 3 });
  const store = await openTestStore();
  const clock = fixedClock(T0);
  let config: IpetConfig = {
    ...loadConfig({}, { savedModel: null }),
    language: { kind: 'openai-compatible', baseURL: sim.url, model: 'ipet-sim' },
    embedding: { kind: 'lexical' },
    adminKey: ADMIN_KEY,
    now: clock.now(),
  };
  const buildModels = () =>
    createModels(
      { language: config.language, embedding: config.embedding, limits: { maxRetries: 0 } },
      { logger: silentLogger },
    );
  let models = buildModels();
  const rt: Runtime = {
    get config() {
      return config;
    },
    store,
    get models() {
      return models;
    },
    clock,
    ids: sequentialIds(),
    logger: process.env.IPET_TEST_LOG
      ? createJsonLogger({ write: (l) => process.stderr.write(l) })
      : silentLogger,
    language() {
      if (!models.language) throw new ConfigError('no language model');
      return models.language;
    },
    flushUsage: async () => {},
    async reconfigureModels(next) {
      const previous = models;
      config = {
        ...config,
        language: next.language,
        embedding: next.embedding,
        modelSource: next.modelSource,
      };
      models = buildModels();
      await previous.close();
    },
    async close() {
      await models.close();
      await store.close();
    },
  };
  const app = buildServer({ runtime: rt, version: 'test', ...options });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  return {
    app,
    rt,
    store,
    sim,
    clock,
    bearer,
    async signup(name, profile = {}) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: bearer(ADMIN_KEY),
        payload: { name, timezone: 'Europe/Paris', ...profile },
      });
      if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
      const body = res.json();
      return { id: body.user.id, token: body.token };
    },
    async createPet(token, name = 'Mochi') {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/pets',
        headers: bearer(token),
        payload: { name, kind: 'cat', personality: 'curious and gentle' },
      });
      if (res.statusCode !== 201) throw new Error(`pet creation failed: ${res.statusCode} ${res.body}`);
      return { id: res.json().pet.id };
    },
    async close() {
      await app.close();
      await rt.close();
      await sim.close();
    },
  };
}

/** Server-sent events of a response body, in order. */
export function parseSse(body: string): Array<{ event: string | null; data: string }> {
  return body
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      let event: string | null = null;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      return { event, data: data.join('\n') };
    });
}
