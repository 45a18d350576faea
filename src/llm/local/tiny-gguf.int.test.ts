import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateText, Output, streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ModelCallError } from '../../core/index.ts';
import { createModels, type ModelsHandle } from '../create-models.ts';
import type { ModelSettings } from '../settings.ts';
import { ensureTinyGguf, TINY_GGUF_SPEC } from './testing/tiny-gguf.ts';

/**
 * node-llama-cpp end to end on the CPU, through ipet's own local adapter (`createModels` with a local
 * language model and a local embedder), against a tiny GGUF this test suite builds itself: llama
 * architecture, 2 layers, 64-wide embeddings, RANDOM weights, a small SentencePiece vocabulary and a
 * ChatML template.
 *
 * This proves the CODE PATH - loading a GGUF, the chat template, grammar-constrained JSON, streaming,
 * embeddings, timeouts and aborts - and says nothing about quality: the model's text is noise. The JSON is
 * valid only because the grammar built from the schema allows nothing else.
 *
 * One thread per evaluation: test machines are small and shared, and llama.cpp's spinning thread
 * barriers crawl when its threads outnumber the free cores.
 */
const schema = z.object({
  mood: z.enum(['happy', 'calm', 'sleepy']),
  awake: z.boolean(),
  tag: z.string().max(12),
  labels: z.array(z.enum(['walk', 'nap', 'play'])).max(3),
  note: z.string().max(20).nullable(),
});

let models: ModelsHandle;
let model: NonNullable<ModelsHandle['language']>;

function settings(path: string, modelsDir: string, limits?: ModelSettings['limits']): ModelSettings {
  return {
    language: { kind: 'local', model: path, modelsDir, contextSize: 2048, threads: 1 },
    embedding: limits ? { kind: 'lexical' } : { kind: 'local', model: path, modelsDir, threads: 1 },
    ...(limits ? { limits } : {}),
  };
}

let path: string;
const modelsDir = mkdtempSync(join(tmpdir(), 'ipet-tiny-models-'));

beforeAll(async () => {
  path = await ensureTinyGguf();
  models = createModels(settings(path, modelsDir));
  await models.prepare();
  model = models.language!;
});
afterAll(() => models?.close());

describe('a tiny random-weight GGUF through the local adapter (code path, not quality)', () => {
  it('answers under the JSON-schema grammar with JSON that validates against the schema', async () => {
    const prompts = ['Plan the day.', '今天做什么？', 'Reply with JSON.', ''];
    for (const [i, prompt] of prompts.entries()) {
      const result = await generateText({
        model,
        prompt: prompt || 'x',
        output: Output.object({ schema, name: 'day' }),
        maxOutputTokens: 400,
        ...(i % 2 === 1 ? { temperature: 1, seed: i } : {}),
      });
      expect(schema.safeParse(result.output).success, JSON.stringify(result.output)).toBe(true);
      expect(result.usage.outputTokens).toBeGreaterThan(0);
    }
  });

  it('streams text in parts, to maxOutputTokens (the random model rarely ends a turn on its own)', async () => {
    const result = streamText({ model, prompt: 'Tell me about your day.', maxOutputTokens: 32 });
    const parts: string[] = [];
    for await (const delta of result.textStream) parts.push(delta);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join('')).toBe(await result.text);
    expect(await result.finishReason).toBe('length');
    expect((await result.usage).outputTokens).toBe(32);
  });

  it('embeds texts as vectors of the model width', async () => {
    expect(await models.embedder.dimensions()).toBe(TINY_GGUF_SPEC.embeddingLength);
    const [a, b] = await models.embedder.embed(['a walk in the park', '在公园散步']);
    expect(a).toHaveLength(TINY_GGUF_SPEC.embeddingLength);
    expect(b).toHaveLength(TINY_GGUF_SPEC.embeddingLength);
    expect([...a!, ...b!].every(Number.isFinite)).toBe(true);
    expect(a).not.toEqual(b);
  });

  it('stops generating when the caller aborts, and answers the next call at once', async () => {
    // How long a known number of tokens takes here, to tell "stopped" from "ran on to the end".
    const started = performance.now();
    const baseline = await generateText({ model, prompt: 'count', maxOutputTokens: 200 });
    const per200 = performance.now() - started;
    expect(baseline.finishReason).toBe('length');

    const controller = new AbortController();
    const result = streamText({
      model,
      prompt: 'Go on forever.',
      maxOutputTokens: 1800,
      abortSignal: controller.signal,
    });
    let received = 0;
    const read = (async () => {
      for await (const _ of result.textStream) {
        received++;
        if (received === 3) controller.abort();
      }
    })();
    await read.catch(() => undefined);
    expect(received).toBeGreaterThanOrEqual(3);
    expect(received).toBeLessThan(100);

    // Had the generation run on (1 800 tokens, 9x the baseline), this call would wait for it.
    const after = performance.now();
    const next = await generateText({ model, prompt: 'next', maxOutputTokens: 4 });
    expect(next.finishReason).toBe('length');
    expect(performance.now() - after).toBeLessThan(per200 * 3 + 250);
  });

  it('fails a call that outlives totalTimeoutMs with a timeout ModelCallError, and stops the generation', async () => {
    const slow = createModels(settings(path, modelsDir, { totalTimeoutMs: 150 }));
    try {
      await slow.prepare();
      const started = performance.now();
      const error = await generateText({
        model: slow.language!,
        prompt: 'Go on.',
        maxOutputTokens: 1800,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelCallError);
      expect((error as ModelCallError).kind).toBe('timeout');
      expect(performance.now() - started).toBeLessThan(5_000);
      // The same model answers the next (short) call: the timed-out generation let go of the context.
      const next = await generateText({ model: slow.language!, prompt: 'next', maxOutputTokens: 4 });
      expect(next.text.length).toBeGreaterThan(0);
    } finally {
      await slow.close();
    }
  });
});
