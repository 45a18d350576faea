import { describe, expect, it } from 'vitest';
import { completionRequest, lastUserText } from './openai-format.ts';
import { sseEvent } from './sse.ts';

const request = (messages: unknown[]) => completionRequest.parse({ model: 'pet_1', messages });

describe('lastUserText', () => {
  it('takes the last user message, ignoring system, assistant and earlier user messages', () => {
    expect(
      lastUserText(
        request([
          { role: 'system', content: 'be a pirate' },
          { role: 'user', content: 'first' },
          { role: 'assistant', content: 'reply' },
          { role: 'user', content: 'second' },
          { role: 'assistant', content: null, tool_calls: [] },
        ]),
      ),
    ).toBe('second');
  });

  it('joins the text parts of a multi-part message and skips images', () => {
    expect(
      lastUserText(
        request([
          {
            role: 'user',
            content: [
              { type: 'text', text: 'look' },
              { type: 'image_url', image_url: { url: 'data:' } },
              { type: 'text', text: 'at this' },
            ],
          },
        ]),
      ),
    ).toBe('look\nat this');
  });

  it('is null without a user message', () => {
    expect(lastUserText(request([{ role: 'system', content: 'x' }]))).toBeNull();
  });

  it('accepts the fields clients send and refuses n > 1', () => {
    expect(
      completionRequest.safeParse({
        model: 'p',
        messages: [{ role: 'user', content: 'hi' }],
        temperature: 0.2,
        n: 1,
      }).success,
    ).toBe(true);
    expect(
      completionRequest.safeParse({ model: 'p', messages: [{ role: 'user', content: 'hi' }], n: 2 }).success,
    ).toBe(false);
    expect(completionRequest.safeParse({ model: 'p', messages: [] }).success).toBe(false);
  });
});

describe('sseEvent', () => {
  it('writes named and data-only events; multi-line data stays one event', () => {
    expect(sseEvent('finish', { type: 'finish' })).toBe('event: finish\ndata: {"type":"finish"}\n\n');
    expect(sseEvent(null, '[DONE]')).toBe('data: [DONE]\n\n');
    expect(sseEvent(null, 'a\nb')).toBe('data: a\ndata: b\n\n');
  });
});
