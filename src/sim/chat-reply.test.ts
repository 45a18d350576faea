import { describe, expect, it } from 'vitest';
import { composeReply, requestSeed, truncateJson } from './chat-reply.ts';
import { parseChatRequest } from './chat-request.ts';
import { HttpError } from './http-io.ts';

const request = (body: Record<string, unknown>) =>
  parseChatRequest(
    { messages: [{ role: 'user', content: 'Tell me about your garden and the sunflowers' }], ...body },
    'ipet-sim',
  );

describe('composeReply', () => {
  it('writes deterministic filler that echoes the user', () => {
    const r = request({});
    const a = composeReply(r, requestSeed(1, r));
    expect(a).toEqual(composeReply(r, requestSeed(1, r)));
    expect(a.content).not.toEqual(composeReply(r, requestSeed(2, r)).content);
    expect(a.finishReason).toBe('stop');
    expect(a.tokens.join('')).toBe(a.content);
    const echoes = new Set<boolean>();
    for (let seed = 1; seed <= 10; seed++)
      echoes.add(/garden|sunflowers/.test(composeReply(r, seed).content));
    expect(echoes.has(true)).toBe(true);
  });

  it('cuts at max_tokens with finish_reason length', () => {
    const r = request({ max_tokens: 3 });
    const reply = composeReply(r, 1);
    expect(reply.tokens).toHaveLength(3);
    expect(reply.finishReason).toBe('length');
    expect(reply.content.length).toBeLessThanOrEqual(12);
  });

  it('answers json_object and json_schema formats with JSON', () => {
    const obj = composeReply(request({ response_format: { type: 'json_object' } }), 1);
    expect(typeof JSON.parse(obj.content)).toBe('object');
    const schema = {
      type: 'object',
      properties: { n: { type: 'integer', minimum: 3, maximum: 3 } },
      required: ['n'],
    };
    const typed = composeReply(
      request({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema } } }),
      1,
    );
    expect(JSON.parse(typed.content)).toEqual({ n: 3 });
  });
});

describe('parseChatRequest', () => {
  it('rejects malformed bodies with 400', () => {
    for (const body of [
      null,
      {},
      { messages: [] },
      { messages: [{ content: 'x' }] },
      { messages: [{ role: 'user' }], max_tokens: 0 },
    ]) {
      expect(() => parseChatRequest(body, 'm')).toThrow(HttpError);
    }
  });

  it('serializes messages with parts and reads stream options', () => {
    const r = parseChatRequest(
      {
        stream: true,
        stream_options: { include_usage: true },
        max_completion_tokens: 9,
        messages: [
          { role: 'system', content: 'sys' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'hello ' },
              { type: 'text', text: 'there' },
            ],
          },
        ],
      },
      'm',
    );
    expect(r).toMatchObject({
      stream: true,
      includeUsage: true,
      maxTokens: 9,
      lastUserText: 'hello there',
      model: 'm',
    });
    expect(r.prompt).toBe('<|system|>\nsys\n<|user|>\nhello there\n<|assistant|>\n');
  });
});

describe('truncateJson', () => {
  it('always yields text that is not valid JSON', () => {
    for (const text of ['{"a":1}', '[1,2,3]', '12345', '"abc"', '{}']) {
      expect(() => JSON.parse(truncateJson(text))).toThrow();
    }
  });
});
