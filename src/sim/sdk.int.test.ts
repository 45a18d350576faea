import { embedMany, generateText, Output, streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type SimHandle, startSimulator } from './index.ts';
import { simProvider } from './test-helpers.ts';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const Schedule = z.object({
  petName: z.string().min(1).max(20),
  mood: z.enum(['cheerful', 'calm', 'sleepy', 'curious']),
  items: z
    .array(
      z.object({
        time: z.string().regex(HHMM),
        title: z.string().describe('2-5 words'),
        detail: z.string().describe('about 50 words').optional(),
        energy: z.number().min(0).max(10),
        place: z.enum(['home', 'park', 'cafe']).nullable(),
      }),
    )
    .min(4)
    .max(8),
  highlight: z.object({ index: z.number().int().min(0).max(3), note: z.string().optional() }).optional(),
});

const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

describe('simulator through the AI SDK provider', () => {
  let sim: SimHandle;
  let model: ReturnType<ReturnType<typeof simProvider>['chatModel']>;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 7 });
    model = simProvider(sim).chatModel('ipet-sim');
  });
  afterAll(() => sim.close());

  it('generates plain text with usage, deterministically', async () => {
    const prompt = 'I planted tomatoes in the garden this morning';
    const a = await generateText({ model, prompt, maxRetries: 0 });
    const b = await generateText({ model, prompt, maxRetries: 0 });
    expect(a.text.length).toBeGreaterThan(20);
    expect(a.text).toBe(b.text);
    expect(a.finishReason).toBe('stop');
    expect(a.usage.outputTokens).toBe(Math.ceil(a.text.length / 4));
    expect(a.usage.inputTokens).toBeGreaterThan(5);
    expect(a.response.headers?.['x-ipet-simulator']).toBe('1');
  });

  it('honours maxOutputTokens with finish reason length', async () => {
    const result = await generateText({
      model,
      prompt: 'tell me a long story',
      maxOutputTokens: 4,
      maxRetries: 0,
    });
    expect(result.finishReason).toBe('length');
    expect(result.usage.outputTokens).toBe(4);
    expect(result.text.length).toBeLessThanOrEqual(16);
  });

  it('streams text deltas that add up to the full reply, with usage', async () => {
    const prompt = 'what did you do at the lake';
    const whole = await generateText({ model, prompt, maxRetries: 0 });
    const result = streamText({ model, prompt, maxRetries: 0 });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.join('')).toBe(whole.text);
    expect((await result.usage).outputTokens).toBe(whole.usage.outputTokens);
    expect(await result.finishReason).toBe('stop');
  });

  it('starts the reply with one of the offered emotion labels when asked', async () => {
    const system =
      'You are Momo. Begin your reply with one emotion label in square brackets, chosen from: joy, sadness, anger.';
    const labels = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const { text } = await generateText({ model, system, prompt: `message number ${i}`, maxRetries: 0 });
      const match = /^\[(\w+)\] \S/.exec(text);
      expect(match, text).not.toBeNull();
      labels.add(match![1]!);
    }
    for (const label of labels) expect(['joy', 'sadness', 'anger']).toContain(label);
    expect(labels.size).toBeGreaterThan(1);
    const plain = await generateText({ model, system: 'You are Momo.', prompt: 'hi', maxRetries: 0 });
    expect(plain.text.startsWith('[')).toBe(false);
  });

  it('returns schema-valid structured output for a nested zod schema across many seeds', async () => {
    for (let seed = 1; seed <= 25; seed++) {
      const result = await generateText({
        model,
        prompt: `Plan the day of a hedgehog who likes apples (${seed})`,
        output: Output.object({ schema: Schedule }),
        seed,
        maxRetries: 0,
      });
      const day = result.output;
      expect(Schedule.safeParse(day).success).toBe(true);
      const times = day.items.map((item) => item.time);
      expect([...times].sort()).toEqual(times);
      expect(times[0]! >= '07:00' && times.at(-1)! <= '22:00').toBe(true);
    }
    expect(sim.stats().unsupportedPatterns).toEqual([]);
  });

  it('streams structured output too', async () => {
    const result = streamText({
      model,
      prompt: 'Plan a rainy day',
      output: Output.object({ schema: Schedule }),
      maxRetries: 0,
    });
    for await (const _ of result.textStream) {
      // drain
    }
    expect(Schedule.safeParse(await result.output).success).toBe(true);
  });

  it('embeds so that texts sharing words are closer than unrelated ones', async () => {
    const embedder = simProvider(sim).embeddingModel('ipet-sim-embed');
    const { embeddings, usage } = await embedMany({
      model: embedder,
      values: [
        'my cat loves sleeping on the sofa',
        'the cat was sleeping on the sofa all afternoon',
        'interest rates and the bond market this quarter',
      ],
      maxRetries: 0,
    });
    expect(embeddings[0]).toHaveLength(256);
    expect(cosine(embeddings[0]!, embeddings[1]!)).toBeGreaterThan(
      cosine(embeddings[0]!, embeddings[2]!) + 0.3,
    );
    expect(usage.tokens).toBeGreaterThan(0);
  });
});
