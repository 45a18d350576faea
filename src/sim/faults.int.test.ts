import { generateText } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SimHandle, startSimulator } from './index.ts';
import { chatBody, post, simProvider, until } from './test-helpers.ts';

const schemaBody = chatBody('plan my day', {
  response_format: {
    type: 'json_schema',
    json_schema: {
      name: 'day',
      strict: true,
      schema: {
        type: 'object',
        properties: { items: { type: 'array', items: { type: 'string' }, minItems: 3 } },
        required: ['items'],
        additionalProperties: false,
      },
    },
  },
});

async function readAll(res: Response): Promise<{ text: string; error: unknown }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, error: undefined };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

describe('injected faults', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 11, retryAfterSeconds: 3 });
  });
  beforeEach(() => {
    sim.configure({
      failRate: 0,
      faults: ['error500', 'rateLimit429', 'timeout', 'malformedJson', 'streamCut'],
    });
    sim.reset();
  });
  afterAll(() => sim.close());

  it('error500 answers 500 with an OpenAI error body, surfaced by the SDK as a call error', async () => {
    sim.configure({ failRate: 1, faults: ['error500'] });
    const res = await post(sim, '/chat/completions', chatBody('hello'));
    expect(res.status).toBe(500);
    expect(res.headers.get('x-ipet-simulator')).toBe('1');
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('server_error');
    const model = simProvider(sim).chatModel('ipet-sim');
    await expect(generateText({ model, prompt: 'hi', maxRetries: 0 })).rejects.toMatchObject({
      statusCode: 500,
    });
    expect(sim.stats().faults.error500).toBe(2);
  });

  it('rateLimit429 answers 429 with Retry-After', async () => {
    sim.configure({ failRate: 1, faults: ['rateLimit429'] });
    const res = await post(sim, '/chat/completions', chatBody('hello'));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    const embed = await post(sim, '/embeddings', { input: 'x' });
    expect(embed.status).toBe(429);
    expect(sim.stats().faults).toMatchObject({ total: 2, rateLimit429: 2 });
  });

  it('timeout holds the request open until the client gives up', async () => {
    sim.configure({ failRate: 1, faults: ['timeout'] });
    const controller = new AbortController();
    const pending = post(sim, '/chat/completions', chatBody('hello'), { signal: controller.signal });
    await until(() => sim.stats().hanging === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sim.stats().hanging).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await until(() => sim.stats().hanging === 0);
    expect(sim.stats().faults.timeout).toBe(1);
    expect(sim.stats().clientAborts).toBe(0);
  });

  it('malformedJson returns 200 with content or bodies that do not parse', async () => {
    sim.configure({ failRate: 1, faults: ['malformedJson'] });
    const structured = await post(sim, '/chat/completions', schemaBody);
    expect(structured.status).toBe(200);
    const content = ((await structured.json()) as { choices: Array<{ message: { content: string } }> })
      .choices[0]!.message.content;
    expect(content.startsWith('{')).toBe(true);
    expect(() => JSON.parse(content)).toThrow();

    const plain = await post(sim, '/chat/completions', chatBody('hello'));
    expect(plain.status).toBe(200);
    await expect(plain.json()).rejects.toThrow();

    const streamed = await post(sim, '/chat/completions', chatBody('hello', { stream: true }));
    const { text } = await readAll(streamed);
    const events = text.split('\n\n').filter((e) => e.startsWith('data: ') && e !== 'data: [DONE]');
    expect(events.some((e) => !isJson(e.slice(6)))).toBe(true);
    expect(text).toContain('data: [DONE]');
  });

  it('streamCut sends some chunks then drops the connection (500 when not streamed)', async () => {
    sim.configure({ failRate: 1, faults: ['streamCut'] });
    const res = await post(sim, '/chat/completions', chatBody('tell me about the sea', { stream: true }));
    expect(res.status).toBe(200);
    const { text, error } = await readAll(res);
    expect(error).toBeDefined();
    expect(text).toContain('"delta":{"content"');
    expect(text).not.toContain('[DONE]');
    const whole = await post(sim, '/chat/completions', chatBody('hello'));
    expect(whole.status).toBe(500);
  });

  it('injects faults at about failRate, reproducibly from the seed', async () => {
    sim.configure({ failRate: 0.3, faults: ['error500', 'rateLimit429'] });
    const run = async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++)
        statuses.push((await post(sim, '/chat/completions', chatBody(`n${i}`))).status);
      return statuses;
    };
    const first = await run();
    const failures = first.filter((s) => s !== 200).length;
    expect(failures).toBeGreaterThan(6);
    expect(failures).toBeLessThan(36);
    expect(new Set(first)).toEqual(new Set([200, 500, 429]));
    expect(sim.stats().faults.total).toBe(failures);
    sim.reset();
    expect(await run()).toEqual(first);
  });
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
