import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendEventStream, sseEvent } from './sse.ts';
import { openServerFixture, parseSse, type ServerFixture } from './testing.ts';

/**
 * Slow clients over a real socket, with the timeouts scaled down: a client that dribbles its body or its
 * headers loses the connection (408) long before it finishes, while a stream that takes longer than every
 * limit - and is silent for longer than the idle one - is served to the end.
 */
const TIMEOUTS = { headersMs: 300, requestMs: 600, idleMs: 400, checkIntervalMs: 50 };
/** The slow client sends one byte every STEP_MS: never idle, but far slower than the limits allow. */
const STEP_MS = 100;

let f: ServerFixture;
let port: number;

beforeAll(async () => {
  f = await openServerFixture({ timeouts: TIMEOUTS });
  f.app.get('/test/slow-stream', async (_request, reply) => {
    async function* events() {
      for (let i = 0; i < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, TIMEOUTS.idleMs + 200));
        yield sseEvent('tick', { i });
      }
    }
    return sendEventStream(reply, events(), () => {});
  });
  await f.app.listen({ port: 0, host: '127.0.0.1' });
  const address = f.app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(async () => {
  await f?.close();
});

/**
 * Sends `head`, then `drip` one byte at a time until the server closes the connection (or the drip runs
 * out). Returns what the server answered and how many drip bytes it took.
 */
function dribble(head: string, drip: string): Promise<{ answer: string; sent: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, sent });
    });
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (sent >= drip.length || socket.destroyed) {
          clearInterval(timer);
          socket.destroy();
          return;
        }
        socket.write(drip[sent++]!);
      }, STEP_MS);
    });
    socket.setTimeout(20_000, () => reject(new Error('the server never closed the connection')));
  });
}

describe('server timeouts', () => {
  it('cuts a request whose body trickles in, before it is complete (408)', async () => {
    const body = JSON.stringify({ name: 'Slow', timezone: 'Europe/Paris', interests: ['x'.repeat(200)] });
    const { answer, sent } = await dribble(
      'POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${body.length}\r\n\r\n`,
      body,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(sent).toBeLessThan(body.length);
  });

  it('cuts a request whose headers trickle in (408)', async () => {
    const headers = Array.from({ length: 40 }, (_, i) => `X-Slow-${i}: y\r\n`).join('');
    const { answer, sent } = await dribble('GET /healthz HTTP/1.1\r\nHost: localhost\r\n', `${headers}\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(sent).toBeLessThan(headers.length);
  });

  it('serves a stream to its end though it outlasts every limit and is silent longer than the idle one', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/test/slow-stream`);
    expect(res.status).toBe(200);
    const events = parseSse(await res.text());
    expect(events.map((e) => e.event)).toEqual(['tick', 'tick', 'tick']);
  });
});
