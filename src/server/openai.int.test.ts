import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { completionJson } from './openai-format.ts';
import { ADMIN_KEY, openServerFixture, type ServerFixture } from './testing.ts';

/** A real listening server, driven by the official `openai` client and by fetch (SSE, disconnects). */
let f: ServerFixture;
let base: string;
let user: { id: string; token: string };
let petId: string;

beforeAll(async () => {
  f = await openServerFixture();
  base = await f.app.listen({ port: 0, host: '127.0.0.1' });
  user = await f.signup('Alice');
  petId = (await f.createPet(user.token, 'Mochi')).id;
});
afterAll(async () => {
  await f.close();
});

const client = (apiKey: string) => new OpenAI({ baseURL: `${base}/v1`, apiKey, maxRetries: 0 });

async function history(limit = 50) {
  const res = await fetch(`${base}/api/v1/pets/${petId}/messages?limit=${limit}`, {
    headers: f.bearer(user.token),
  });
  return (await res.json()).messages as Array<{ id: string; role: string; content: string; status: string }>;
}

describe('the official openai client', () => {
  it("lists the caller's pets as models", async () => {
    const models = [];
    for await (const model of client(user.token).models.list()) models.push(model);
    expect(models).toEqual([{ id: petId, object: 'model', created: expect.any(Number), owned_by: 'ipet' }]);
    expect((await client(user.token).models.retrieve(petId)).id).toBe(petId);
  });

  it('gets a whole reply; only the last user message becomes the turn', async () => {
    const before = (await history()).length;
    const completion = await client(user.token).chat.completions.create({
      model: petId,
      messages: [
        { role: 'system', content: 'You are a pirate.' },
        { role: 'user', content: 'an earlier message the client kept' },
        { role: 'assistant', content: 'an earlier reply' },
        { role: 'user', content: [{ type: 'text', text: 'What did you do today?' }] },
      ],
    });
    const { ipet } = completionJson.parse(completion);
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe(petId);
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage!.total_tokens).toBe(
      completion.usage!.prompt_tokens + completion.usage!.completion_tokens,
    );
    const added = (await history()).slice(before);
    // First turn of the pair: the greeting, then the one user message and the reply.
    expect(added.map((m) => [m.role, m.content])).toEqual([
      ['pet', expect.any(String)],
      ['user', 'What did you do today?'],
      ['pet', expect.any(String)],
    ]);
    // A session start carries the AI disclosure: OpenAI clients only show `content`, so it comes first.
    expect(ipet.notices.map((n) => n.kind)).toContain('ai-disclosure');
    const reply = added[2]!.content;
    expect(reply.length).toBeGreaterThan(0);
    expect(completion.choices[0]!.message.content).toBe(
      [...ipet.notices.map((n) => n.text), reply].join('\n\n'),
    );
  });

  it('streams a crisis notice ahead of the reply', async () => {
    const stream = await client(user.token).chat.completions.create({
      model: petId,
      messages: [{ role: 'user', content: 'I want to kill myself tonight' }],
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const content = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    const finish = chunks.find((c) => c.choices[0]?.finish_reason === 'stop') as unknown as {
      ipet: { safety: { crisis: boolean }; notices: Array<{ kind: string; text: string }> };
    };
    expect(finish.ipet.safety).toMatchObject({ crisis: true });
    const crisis = finish.ipet.notices.find((n) => n.kind === 'crisis')!;
    expect(crisis.text.length).toBeGreaterThan(20);
    expect(content.startsWith(crisis.text)).toBe(true);
    const stored = (await history(1))[0]!;
    expect(content.endsWith(stored.content)).toBe(true);
  });

  it('streams a reply as chat.completion.chunk events ending with usage and [DONE]', async () => {
    const stream = await client(user.token).chat.completions.create({
      model: petId,
      messages: [{ role: 'user', content: 'Tell me about your friends' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '' });
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text.length).toBeGreaterThan(0);
    const finish = chunks.find((c) => c.choices[0]?.finish_reason === 'stop');
    expect(finish).toBeDefined();
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage!.completion_tokens).toBeGreaterThan(0);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    const stored = (await history(1))[0]!;
    expect(stored).toMatchObject({ role: 'pet', status: 'ok', content: text });
  });

  it('raises the client’s typed errors: 401, 404 for a pet that is not the caller’s, 400 without a user message', async () => {
    await expect(client('wrong-token').models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const other = await f.signup('Bob');
    await expect(
      client(other.token).chat.completions.create({
        model: petId,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(
      client(user.token).chat.completions.create({
        model: petId,
        messages: [{ role: 'system', content: 'no user here' }],
      }),
    ).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(
      client(ADMIN_KEY).chat.completions.create({
        model: petId,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it("answers errors in OpenAI's shape on /v1 routes", async () => {
    const res = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { ...f.bearer(user.token), 'content-type': 'application/json' },
      body: JSON.stringify({ model: petId, messages: [] }),
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toEqual({
      error: {
        message: expect.stringContaining('messages'),
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_input',
      },
    });
  });
});

describe('server-sent events over HTTP', () => {
  it('streams chat parts as they come and aborts the turn when the client goes away', async () => {
    f.sim.configure({ tokensPerSecond: 20 });
    try {
      const controller = new AbortController();
      const res = await fetch(`${base}/api/v1/pets/${petId}/chat`, {
        method: 'POST',
        headers: { ...f.bearer(user.token), 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'Tell me a very long story about your whole week' }),
        signal: controller.signal,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let seen = '';
      while (!seen.includes('event: text-delta')) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += decoder.decode(value, { stream: true });
      }
      expect(seen).toMatch(/^event: turn-start\ndata: \{"type":"turn-start"/);
      expect(seen).not.toContain('event: finish');
      controller.abort();

      await vi.waitFor(
        async () => {
          const last = (await history(1))[0]!;
          expect(last).toMatchObject({ role: 'pet', status: 'failed' });
        },
        { timeout: 10_000, interval: 100 },
      );
      const metrics = await fetch(`${base}/metrics`, { headers: f.bearer(ADMIN_KEY) });
      expect(await metrics.text()).toMatch(/^ipet_chat_turns_total\{api="rest",outcome="aborted"\} 1$/m);
    } finally {
      f.sim.configure({ tokensPerSecond: 0 });
    }
  });
});
