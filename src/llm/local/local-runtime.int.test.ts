import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, silentLogger } from '../../core/index.ts';
import { realTimer } from '../policy/signals.ts';
import { toGrammarSchema } from './json-grammar-schema.ts';
import { createLocalRuntime } from './local-runtime.ts';

// Real node-llama-cpp with its prebuilt binaries (no model weights exist on the test machines).
describe('local runtime (node-llama-cpp)', () => {
  const runtime = createLocalRuntime({ gpu: false, logger: silentLogger, timer: realTimer });
  const modelsDir = mkdtempSync(join(tmpdir(), 'ipet-models-'));
  afterAll(() => runtime.dispose());

  it('loads llama.cpp from prebuilt binaries, CPU only, and builds a grammar from a zod schema', async () => {
    const { llama } = await runtime.llama();
    expect(llama.gpu).toBe(false);
    const schema = z.toJSONSchema(z.object({ mood: z.enum(['happy', 'sad']), note: z.string().nullable() }), {
      target: 'draft-7',
    });
    const grammar = await llama.createGrammarForJsonSchema(toGrammarSchema(schema as never) as never);
    expect(grammar.parse('{"mood": "happy", "note": null}')).toEqual({ mood: 'happy', note: null });
  });

  it('reports a missing model file as a ConfigError', async () => {
    const error = await runtime
      .chatSession({ model: join(modelsDir, 'missing.gguf'), modelsDir })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).hint).toContain('IPET_LLM_MODEL_PATH');
  });

  it(
    'fails an hf: download it cannot make within the short first-byte timeout',
    { timeout: 30_000 },
    async () => {
      // A repository that does not exist: offline this is "no network", online a 404; never a real download.
      const error = await runtime
        .chatSession({ model: 'hf:ipet-tests/does-not-exist/none.gguf', modelsDir, downloadTimeoutMs: 3_000 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain('could not download the local model');
      expect((error as ConfigError).hint).toContain('IPET_LLM_MODEL_PATH');
    },
  );
});
