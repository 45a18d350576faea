import { describe, expect, it } from 'vitest';
import { createSseParser, parseSse } from './sse.ts';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: string[]) {
  const out = [];
  for await (const event of parseSse(streamOf(chunks))) out.push(event);
  return out;
}

describe('parseSse', () => {
  it('reads named events with JSON data', async () => {
    const events = await collect([
      'event: turn-start\ndata: {"sessionId":"s1"}\n\n',
      'event: text-delta\ndata: {"text":"Hi"}\n\n',
    ]);
    expect(events).toEqual([
      { event: 'turn-start', data: '{"sessionId":"s1"}' },
      { event: 'text-delta', data: '{"text":"Hi"}' },
    ]);
  });

  it('joins events split across chunks, anywhere, including inside a CRLF', async () => {
    const events = await collect(['eve', 'nt: finish\r', '\ndata: {"a"', ':1}\r\n\r', '\n']);
    expect(events).toEqual([{ event: 'finish', data: '{"a":1}' }]);
  });

  it('joins data lines, ignores comments, defaults the name and drops an unterminated event', async () => {
    const events = await collect([': ping\n\ndata: a\ndata: b\nid: 7\n\n', 'data: lost']);
    expect(events).toEqual([{ event: 'message', data: 'a\nb', id: '7' }]);
  });

  it('decodes multi-byte characters split between chunks', async () => {
    const bytes = new TextEncoder().encode('data: 你好\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 7));
        controller.enqueue(bytes.slice(7));
        controller.close();
      },
    });
    const events = [];
    for await (const event of parseSse(stream)) events.push(event);
    expect(events).toEqual([{ event: 'message', data: '你好' }]);
  });

  it('treats a lone CR as a line end', () => {
    const parser = createSseParser();
    expect(parser.push('data: x\r\r')).toEqual([{ event: 'message', data: 'x' }]);
  });
});
