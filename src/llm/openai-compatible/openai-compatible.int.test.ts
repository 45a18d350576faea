import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateText, streamText } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ModelUsageRecord } from '../../core/index.ts';
import {
  generateStructured,
  ModelCallError,
  ModelOutputError,
  tagsToProviderOptions,
} from '../../core/index.ts';
import { recordingSleep } from '../../test/index.ts';
import { createModels } from '../create-models.ts';
import {
  chatCompletion,
  chatCompletionEvents,
  embeddingList,
  errorBody,
  modelList,
} from '../testing/openai-wire.ts';

// A tiny OpenAI-compatible server; each test scripts its answers. Everything goes through the real
// @ai-sdk/openai-compatible provider and real sockets.
type Handler = (request: { path: string; body: Record<string, unknown> }, res: ServerResponse) => void;

let script: Handler[] = [];
let fallback: Handler;
const seen: Array<{ path: string; body: Record<string, unknown> }> = [];
let baseURL = '';

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  const request = { path: req.url ?? '', body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} };
  seen.push(request);
  if (request.path === '/v1/models') return send(res, 200, modelList(['tiny']), { 'x-ipet-simulator': '1' });
  (script.shift() ?? fallback)(request, res);
});

beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  script = [];
  seen.length = 0;
  fallback = (_request, res) => send(res, 200, chatCompletion('hello'));
});

function models(options: { maxRetries?: number } = {}) {
  const sleep = recordingSleep();
  const records: ModelUsageRecord[] = [];
  const handle = createModels(
    {
      language: { kind: 'openai-compatible', baseURL, model: 'tiny' },
      embedding: { kind: 'openai-compatible', baseURL, model: 'tiny-embed' },
      limits: { maxRetries: options.maxRetries ?? 3 },
    },
    { sleep, random: () => 0.5, onUsage: (r) => records.push(r) },
  );
  return { handle, sleep, records, model: handle.language! };
}

describe('OpenAI-compatible server over HTTP', () => {
  it('waits out a 429 with Retry-After, then succeeds', async () => {
    script = [(_r, res) => send(res, 429, errorBody('slow down', 'rate_limit'), { 'retry-after': '2' })];
    const { model, sleep, records } = models();
    const result = await generateText({ model, prompt: 'hi', maxRetries: 0 });
    expect(result.text).toBe('hello');
    expect(sleep.calls).toEqual([2_000]);
    expect(seen.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(2);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ ok: true, inputTokens: 5, outputTokens: 2 });
  });

  it('fails with a typed error after retrying 500s until the attempts run out', async () => {
    fallback = (_r, res) => send(res, 500, errorBody('boom'));
    const { model, sleep } = models({ maxRetries: 2 });
    const error = await generateText({ model, prompt: 'hi', maxRetries: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ kind: 'http', status: 500, attempts: 3 });
    expect(sleep.calls).toEqual([250, 500]);
    expect(seen).toHaveLength(3);
  });

  it('fails a 400 at once', async () => {
    fallback = (_r, res) => send(res, 400, errorBody('bad request', 'invalid_request_error'));
    const { model, sleep } = models();
    const error = await generateText({ model, prompt: 'hi', maxRetries: 0 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'http', status: 400, attempts: 1 });
    expect(sleep.calls).toEqual([]);
  });

  it('turns malformed JSON for a structured request into ModelOutputError, after asking again', async () => {
    fallback = (_r, res) => send(res, 200, chatCompletion('{"mood": "happy", '));
    const { model } = models();
    const error = await generateStructured({
      model,
      schema: z.object({ mood: z.string() }),
      schemaName: 'mood',
      tags: { purpose: 'world' },
      prompt: 'How are you?',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelOutputError);
    expect(error).toMatchObject({ attempts: 3 });
    expect(seen).toHaveLength(3);
    expect(seen[0]?.body['response_format']).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'mood' },
    });
  });

  it('returns a validated object from a well-formed structured answer', async () => {
    fallback = (_r, res) => send(res, 200, chatCompletion('{"mood":"calm"}'));
    const { model } = models();
    const result = await generateStructured({
      model,
      schema: z.object({ mood: z.string() }),
      tags: { purpose: 'world' },
      prompt: 'How are you?',
    });
    expect(result.object).toEqual({ mood: 'calm' });
  });

  it('streams an answer and records time to first token', async () => {
    fallback = (_r, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(chatCompletionEvents(['Hel', 'lo', '!']));
    };
    const { model, records } = models();
    const result = streamText({
      model,
      prompt: 'hi',
      maxRetries: 0,
      providerOptions: tagsToProviderOptions({ purpose: 'chat' }),
    });
    expect(await result.text).toBe('Hello!');
    await result.usage;
    expect(records[0]).toMatchObject({ purpose: 'chat', ok: true, inputTokens: 5, outputTokens: 2 });
    expect(records[0]?.timeToFirstTokenMs).not.toBeNull();
    expect(seen[0]?.body['stream_options']).toEqual({ include_usage: true });
  });

  it('retries a stream that fails before its first token', async () => {
    script = [(_r, res) => send(res, 503, errorBody('warming up'))];
    fallback = (_r, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(chatCompletionEvents(['ok']));
    };
    const { model, sleep } = models();
    const result = streamText({ model, prompt: 'hi', maxRetries: 0 });
    expect(await result.text).toBe('ok');
    expect(sleep.calls).toHaveLength(1);
  });

  it('embeds through the same server and probes it as the simulator', async () => {
    fallback = (request, res) =>
      request.path === '/v1/embeddings'
        ? send(res, 200, embeddingList((request.body['input'] as string[]).map(() => [1, 0])))
        : send(res, 200, chatCompletion('OK'));
    const { handle } = models();
    expect(await handle.embedder.embed(['x', 'y'])).toEqual([
      [1, 0],
      [1, 0],
    ]);
    const report = await handle.probe();
    expect(report.ok).toBe(true);
    expect(report.language).toMatchObject({ reachable: true, answerOk: true, simulator: true });
    expect(report.embedding).toMatchObject({ answerOk: true, dimensions: 2, simulator: true });
  });

  it('maps a refused connection to kind network', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const sleep = recordingSleep();
    const handle = createModels(
      {
        language: { kind: 'openai-compatible', baseURL: `http://127.0.0.1:${port}/v1`, model: 'tiny' },
        embedding: { kind: 'lexical' },
        limits: { maxRetries: 1 },
      },
      { sleep },
    );
    const error = await generateText({ model: handle.language!, prompt: 'hi', maxRetries: 0 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ kind: 'network', attempts: 2 });
    const report = await handle.probe();
    expect(report.language).toMatchObject({ reachable: false, answerOk: false });
    expect(report.language.fix).toContain('start the model server');
  });
});
