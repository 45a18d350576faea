import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerFixture, type ServerFixture } from './testing.ts';

/**
 * What Node's HTTP parser refuses before Fastify sees a request, over a real socket (`inject` never meets
 * the parser): found by the fault-and-load run's malformed-request pass (bench/faults), where every route
 * with a 20,000-character query answered 431 in Fastify's shape `{ error, message, statusCode }`.
 */
let f: ServerFixture;
let port: number;

beforeAll(async () => {
  f = await openServerFixture({});
  await f.app.listen({ port: 0, host: '127.0.0.1' });
  const address = f.app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(async () => {
  await f?.close();
});

/** Writes `raw` and reads until the server closes the connection. */
function exchange(raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(raw));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      answer += d;
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

function parse(answer: string): { status: number; body: unknown } {
  const [head, body] = answer.split('\r\n\r\n');
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head ?? '')?.[1]), body: JSON.parse(body ?? '') };
}

describe('requests the HTTP parser refuses', () => {
  it('answer a URL over 16 KiB with 431 in the project error shape', async () => {
    const answer = parse(
      await exchange(`GET /healthz?x=${'h'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`),
    );
    expect(answer).toEqual({
      status: 431,
      body: { error: { code: 'headers_too_large', message: expect.any(String) } },
    });
  });

  it('answer what is not HTTP with 400 in the project error shape', async () => {
    const answer = parse(await exchange('NOT HTTP AT ALL\r\n\r\n'));
    expect(answer).toEqual({
      status: 400,
      body: { error: { code: 'bad_request', message: expect.any(String) } },
    });
  });

  it('still serve ordinary requests', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
  });
});
