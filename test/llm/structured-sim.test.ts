import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateStructured, ModelCallError, ModelOutputError } from '../../src/core/index.ts';
import { createModels, type ModelsHandle } from '../../src/llm/index.ts';
import { type SimHandle, startSimulator } from '../../src/sim/index.ts';

/** The real provider path (AI SDK OpenAI-compatible provider + ipet middleware) against the simulator. */
const schema = z.object({
  mood: z.enum(['calm', 'playful', 'sleepy']),
  plans: z
    .array(z.object({ time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/), title: z.string().min(1) }))
    .min(2)
    .max(5),
  energy: z.number().int().min(1).max(10),
});

let sim: SimHandle;
let models: ModelsHandle;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 3, retryAfterSeconds: 0 });
  models = createModels(
    {
      language: { kind: 'openai-compatible', baseURL: sim.url, model: 'ipet-sim' },
      embedding: { kind: 'lexical' },
      limits: { maxRetries: 2, retryBaseDelayMs: 1, retryMaxDelayMs: 5, breakerFailureThreshold: 100 },
    },
    { sleep: async () => {} },
  );
});
afterAll(async () => {
  await models.close();
  await sim.close();
});
beforeEach(() => {
  sim.configure({ failRate: 0 });
  sim.reset();
});

const call = () =>
  generateStructured({
    model: models.language!,
    schema,
    schemaName: 'pet_plan',
    tags: { purpose: 'world' },
    prompt: 'Plan the pet day.',
    maxAttempts: 2,
  });

describe('structured output through the OpenAI-compatible provider', () => {
  it('returns an object validated by the schema', async () => {
    const result = await call();
    expect(schema.parse(result.object)).toEqual(result.object);
    expect(result.attempts).toBe(1);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
  });

  it('asks again on malformed JSON, then fails with ModelOutputError', async () => {
    sim.configure({ failRate: 1, faults: ['malformedJson'] });
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelOutputError);
    expect((error as ModelOutputError).attempts).toBe(2);
    expect((error as ModelOutputError).toLine()).toMatch(/invalid after 2 attempt/);
    expect(sim.stats().requests.chatCompletions).toBe(2);
  });

  it('retries 429 and 500 within the bound, then fails with a typed, retryable ModelCallError', async () => {
    for (const [fault, status] of [
      ['rateLimit429', 429],
      ['error500', 500],
    ] as const) {
      sim.reset();
      sim.configure({ failRate: 1, faults: [fault] });
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelCallError);
      expect((error as ModelCallError).status).toBe(status);
      expect((error as ModelCallError).attempts).toBe(3);
      expect((error as ModelCallError).isRetryable).toBe(true);
      expect(sim.stats().requests.chatCompletions).toBe(3);
    }
  });

  it('recovers when the fault is transient', async () => {
    sim.configure({ failRate: 0.3, faults: ['error500'] });
    for (let i = 0; i < 8; i++) {
      const result = await call();
      expect(schema.safeParse(result.object).success).toBe(true);
    }
    expect(sim.stats().faults.error500).toBeGreaterThan(0);
  });
});
