import { describe, expect, it } from 'vitest';
import {
  composeReply,
  composeSchemaOnlyReply,
  composeScriptedReply,
  requestSeed,
  schemaOnlySeed,
  truncateJson,
} from './chat-reply.ts';
import { parseChatRequest } from './chat-request.ts';
import { HttpError } from './http-io.ts';

const request = (body: Record<string, unknown>) =>
  parseChatRequest(
    { messages: [{ role: 'user', content: 'Tell me about your garden and the sunflowers' }], ...body },
    'ipet-sim',
  );

describe('composeScriptedReply', () => {
  const scripts = [
    { contains: ['me too'], reply: '{"level":"none"}' },
    { contains: ['my character wants to die', 'me too'], reply: '{"level":"crisis"}' },
    { contains: ['me too honestly'], reply: '{"level":"concern"}' },
  ];
  const ask = (text: string, format: Record<string, unknown> = { type: 'json_object' }) =>
    composeScriptedReply(
      parseChatRequest(
        {
          messages: [
            { role: 'system', content: 'me too (the system prompt is never read)' },
            { role: 'user', content: text },
          ],
          response_format: format,
        },
        'ipet-sim',
      ),
      scripts,
    );

  it('answers when every string occurs in the last user message: the most strings, then the longest', () => {
    expect(ask('earlier: my character wants to die\nlatest: me too')?.content).toBe('{"level":"crisis"}');
    expect(ask('latest: me too honestly')?.content).toBe('{"level":"concern"}');
    expect(ask('latest: me too')).toMatchObject({ content: '{"level":"none"}', json: true });
    expect(ask('latest: same here')).toBeNull();
    expect(ask('me too', { type: 'text' })).toMatchObject({ json: false, finishReason: 'stop' });
  });
});

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

describe('composeSchemaOnlyReply', () => {
  const schema = {
    type: 'object',
    properties: {
      title: { type: 'string', minLength: 1, description: '2-5 words about the garden' },
      tags: { type: 'array', items: { type: 'string', maxLength: 8 }, minItems: 1, maxItems: 6 },
    },
    required: ['title', 'tags'],
  };
  const format = { type: 'json_schema', json_schema: { name: 'day', schema } };
  const ask = (messages: unknown[], extra: Record<string, unknown> = {}) => {
    const r = parseChatRequest({ messages, response_format: format, ...extra }, 'ipet-sim');
    return composeSchemaOnlyReply(r, schemaOnlySeed(1, r)).content;
  };

  it('answers the same for the same schema and seed whatever the prompt says', () => {
    const garden = ask([
      { role: 'system', content: 'You plan a pet day. Titles must be 2-5 words.' },
      { role: 'user', content: 'Tell me about your garden and the sunflowers' },
    ]);
    const other = ask([
      { role: 'system', content: '你是一只猫。只用中文回答。' },
      { role: 'user', content: 'Completely unrelated words: quantum ledger zeppelin' },
    ]);
    expect(other).toBe(garden);
    expect(garden).not.toMatch(/garden|sunflowers/);
    expect(ask([{ role: 'user', content: 'x' }], { seed: 5 })).not.toBe(
      ask([{ role: 'user', content: 'x' }]),
    );
  });

  it('draws a new answer for a re-ask (one more message)', () => {
    const first = ask([{ role: 'user', content: 'plan' }]);
    const again = ask([
      { role: 'user', content: 'plan' },
      { role: 'user', content: 'Your previous answer was not valid.' },
    ]);
    expect(again).not.toBe(first);
  });

  it('answers plain chat with generic filler that ignores the prompt and its label instruction', () => {
    const chat = (system: string, user: string) => {
      const r = parseChatRequest(
        {
          messages: [
            { role: 'system', content: system },
            { role: 'user', content: user },
          ],
        },
        'm',
      );
      return composeSchemaOnlyReply(r, schemaOnlySeed(1, r));
    };
    const a = chat('Start every reply with [emotion]. Emotions: happy, sad.', 'sunflowers sunflowers');
    const b = chat('Be brief.', 'zeppelin');
    expect(a.content).toBe(b.content);
    expect(a.json).toBe(false);
    expect(a.content).not.toMatch(/^\[|sunflowers/);
  });

  it('cuts at max_tokens like the normal mode', () => {
    const r = parseChatRequest({ messages: [{ role: 'user', content: 'x' }], max_tokens: 2 }, 'm');
    const reply = composeSchemaOnlyReply(r, schemaOnlySeed(1, r));
    expect(reply.tokens).toHaveLength(2);
    expect(reply.finishReason).toBe('length');
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
