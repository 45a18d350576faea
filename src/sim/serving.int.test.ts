import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SimHandle, type SimStats, startSimulator } from './index.ts';
import { chatBody, post, until } from './test-helpers.ts';

type Usage = { prompt_tokens: number; prompt_tokens_details: { cached_tokens: number } };

describe('serving model', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 5 });
  });
  afterEach(() => {
    sim.configure({ capacity: 8, overCapacity: 'queue', latencyMs: 0, tokensPerSecond: 0 });
    sim.reset();
  });
  afterAll(() => sim.close());

  it('serves at most `capacity` requests at once and queues the rest', async () => {
    sim.configure({ capacity: 3, latencyMs: 40 });
    const started = performance.now();
    const statuses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        post(sim, '/chat/completions', chatBody(`q${i}`)).then((r) => r.status),
      ),
    );
    const elapsed = performance.now() - started;
    expect(statuses).toEqual(Array(10).fill(200));
    const stats = sim.stats();
    expect(stats.maxActive).toBe(3);
    expect(stats.maxQueued).toBeGreaterThan(0);
    expect(stats.completed).toBe(10);
    // Four waves of 40 ms.
    expect(elapsed).toBeGreaterThan(150);
    expect(stats.busyMs).toBeGreaterThan(10 * 40 * 0.9);
    expect(stats.utilisation).toBeGreaterThan(0);
    expect(stats.utilisation).toBeLessThanOrEqual(1);
  });

  it("answers 429 with Retry-After beyond capacity in 'reject' mode", async () => {
    sim.configure({ capacity: 2, overCapacity: 'reject', latencyMs: 200 });
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => post(sim, '/chat/completions', chatBody('x'))),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
    expect(responses.find((r) => r.status === 429)?.headers.get('retry-after')).toBe('1');
    expect(sim.stats()).toMatchObject({ rejected: 3, maxActive: 2 });
    expect(sim.stats().faults.total).toBe(0);
  });

  it('frees the slot of a client that disconnects, in service or queued', async () => {
    sim.configure({ capacity: 1, latencyMs: 10_000 });
    const inService = new AbortController();
    const queued = new AbortController();
    const a = post(sim, '/chat/completions', chatBody('a'), { signal: inService.signal }).catch(
      () => 'aborted',
    );
    await until(() => sim.stats().active === 1);
    const b = post(sim, '/chat/completions', chatBody('b'), { signal: queued.signal }).catch(() => 'aborted');
    await until(() => sim.stats().queued === 1);
    queued.abort();
    await until(() => sim.stats().queued === 0);
    expect(sim.stats().active).toBe(1);
    inService.abort();
    await until(() => sim.stats().active === 0);
    expect(await Promise.all([a, b])).toEqual(['aborted', 'aborted']);
    sim.configure({ latencyMs: 0 });
    expect((await post(sim, '/chat/completions', chatBody('c'))).status).toBe(200);
    expect(sim.stats().clientAborts).toBe(2);
  });

  it('waits latencyMs before the first token and streams at tokensPerSecond', async () => {
    sim.configure({ latencyMs: 60, tokensPerSecond: 200 });
    const started = performance.now();
    const res = await post(sim, '/chat/completions', chatBody('hello', { stream: true, max_tokens: 20 }));
    const reader = res.body!.getReader();
    const arrivals: number[] = [];
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      arrivals.push(performance.now() - started);
      text += new TextDecoder().decode(value);
    }
    expect(arrivals[0]).toBeGreaterThanOrEqual(55);
    // 20 tokens at 200/s take ~100 ms after the first one.
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan(70);
    expect(text).toContain('"finish_reason":"length"');
  });

  it('takes completion_tokens / tokensPerSecond for a whole (non-streamed) answer', async () => {
    sim.configure({ tokensPerSecond: 400 });
    const started = performance.now();
    const res = await post(sim, '/chat/completions', chatBody('hello', { max_tokens: 24 }));
    const body = (await res.json()) as { usage: { completion_tokens: number } };
    expect(body.usage.completion_tokens).toBe(24);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('notes schema patterns it cannot satisfy in the stats', async () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string', pattern: '^(?=x)y$' } },
      required: ['a'],
    };
    const res = await post(
      sim,
      '/chat/completions',
      chatBody('x', { response_format: { type: 'json_schema', json_schema: { name: 'a', schema } } }),
    );
    expect(res.status).toBe(200);
    expect(sim.stats().unsupportedPatterns).toEqual(['^(?=x)y$']);
  });

  it('reports cached_tokens for a repeated long prefix, in 16-token blocks', async () => {
    const system = 'You are Momo, a small fox who lives by the river. '.repeat(40);
    const ask = async (question: string) => {
      const res = await post(sim, '/chat/completions', {
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: question },
        ],
      });
      return ((await res.json()) as { usage: Usage }).usage;
    };
    const first = await ask('How was your day?');
    const second = await ask('What did you eat?');
    expect(first.prompt_tokens_details.cached_tokens).toBe(0);
    expect(second.prompt_tokens_details.cached_tokens).toBeGreaterThan(system.length / 4 - 32);
    expect(second.prompt_tokens_details.cached_tokens % 16).toBe(0);
    expect(second.prompt_tokens_details.cached_tokens).toBeLessThanOrEqual(second.prompt_tokens);
    expect(sim.stats().tokens.cached).toBe(second.prompt_tokens_details.cached_tokens);
    sim.reset();
    expect((await ask('What did you eat?')).prompt_tokens_details.cached_tokens).toBe(0);
  });

  it('exposes stats, live config and reset over HTTP', async () => {
    await post(sim, '/chat/completions', chatBody('hello'));
    const base = sim.url.replace(/\/v1$/, '');
    const stats = (await (await fetch(`${base}/sim/stats`)).json()) as SimStats;
    expect(stats.requests).toMatchObject({ total: 1, chatCompletions: 1 });
    expect(stats.tokens.completion).toBeGreaterThan(0);

    const configured = await fetch(`${base}/sim/config`, {
      method: 'POST',
      body: JSON.stringify({ capacity: 5 }),
    });
    expect(configured.status).toBe(200);
    expect(((await configured.json()) as { capacity: number }).capacity).toBe(5);
    expect(sim.stats().capacity).toBe(5);
    const invalid = await fetch(`${base}/sim/config`, {
      method: 'POST',
      body: JSON.stringify({ failRate: 2 }),
    });
    expect(invalid.status).toBe(400);
    const moving = await fetch(`${base}/sim/config`, { method: 'POST', body: JSON.stringify({ port: 1 }) });
    expect(moving.status).toBe(400);
    expect(() => sim.configure({ capacity: 0 })).toThrow(RangeError);

    expect((await fetch(`${base}/sim/reset`, { method: 'POST' })).status).toBe(200);
    expect(sim.stats().requests.total).toBe(0);
  });

  it('lists models honestly and rejects unknown routes', async () => {
    const res = await fetch(`${sim.url}/models`);
    expect(res.headers.get('x-ipet-simulator')).toBe('1');
    const list = (await res.json()) as { data: Array<{ id: string; owned_by: string }> };
    expect(list.data.map((m) => m.id)).toEqual(['ipet-sim', 'ipet-sim-embed']);
    expect(list.data.every((m) => m.owned_by === 'ipet-simulator')).toBe(true);
    expect((await fetch(`${sim.url}/models/ipet-sim`)).status).toBe(200);
    expect((await fetch(`${sim.url}/models/gpt-9`)).status).toBe(404);
    expect((await fetch(`${sim.url}/nothing`)).status).toBe(404);
    expect((await fetch(`${sim.url}/chat/completions`)).status).toBe(405);
    expect((await post(sim, '/chat/completions', { messages: 'nope' })).status).toBe(400);
    const completion = (await (await post(sim, '/chat/completions', chatBody('x'))).json()) as Record<
      string,
      unknown
    >;
    expect(completion['system_fingerprint']).toBe('ipet-simulator');
  });

  it('returns base64 embeddings when asked and honours dimensions', async () => {
    const res = await post(sim, '/embeddings', {
      input: ['a b c'],
      encoding_format: 'base64',
      dimensions: 32,
    });
    const body = (await res.json()) as { data: Array<{ embedding: string }> };
    const bytes = Buffer.from(body.data[0]!.embedding, 'base64');
    const vector = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    expect(vector).toHaveLength(32);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
  });
});

describe('close()', () => {
  it('returns promptly with a hanging timeout request and a long latency request open', async () => {
    const sim = await startSimulator({ failRate: 1, faults: ['timeout'] });
    const hanging = post(sim, '/chat/completions', chatBody('wait')).catch((error: unknown) => error);
    await until(() => sim.stats().hanging === 1);
    sim.configure({ failRate: 0, latencyMs: 60_000 });
    const slow = post(sim, '/chat/completions', chatBody('slow')).catch((error: unknown) => error);
    await until(() => sim.stats().active === 1);
    const started = performance.now();
    await sim.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await hanging).toBeInstanceOf(Error);
    expect(await slow).toBeInstanceOf(Error);
    await sim.close(); // idempotent
  });
});
