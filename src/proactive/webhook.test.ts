import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ProactiveMessage } from '../core/index.ts';
import { silentLogger } from '../core/index.ts';
import { recordingSleep } from '../test/index.ts';
import { createWebhookNotifier } from './webhook.ts';

const MESSAGE: ProactiveMessage = {
  id: 'pmsg_1',
  userId: 'usr_1',
  petId: 'pet_1',
  date: '2026-06-01',
  position: 0,
  dueAt: new Date('2026-06-01T10:00:00Z'),
  text: 'I found a shell!',
  groundedIn: '10:00 Beach walk',
  status: 'delivered',
  skipReason: null,
  createdAt: new Date('2026-06-01T01:00:00Z'),
  deliveredAt: new Date('2026-06-01T10:00:05Z'),
  messageId: 'msg_9',
  readAt: null,
};

function fakeFetch(statuses: Array<number | Error>) {
  const requests: Array<{ url: string; headers: Record<string, string>; body: string }> = [];
  const fn = (async (url: string, init: RequestInit) => {
    requests.push({ url, headers: init.headers as Record<string, string>, body: String(init.body) });
    const next = statuses[Math.min(requests.length - 1, statuses.length - 1)]!;
    if (next instanceof Error) throw next;
    return new Response(null, { status: next });
  }) as unknown as typeof fetch;
  return { fn, requests };
}

describe('createWebhookNotifier', () => {
  it('posts the ids, text and times, signed with HMAC-SHA256 of the body', async () => {
    const { fn, requests } = fakeFetch([204]);
    const hook = createWebhookNotifier({
      url: 'http://hook.test/x',
      secret: 's3cret',
      fetch: fn,
      logger: silentLogger,
    });
    hook.notify([MESSAGE]);
    await hook.drain();
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(JSON.parse(request!.body)).toEqual({
      type: 'proactive.delivered',
      id: 'pmsg_1',
      userId: 'usr_1',
      petId: 'pet_1',
      messageId: 'msg_9',
      text: 'I found a shell!',
      date: '2026-06-01',
      dueAt: '2026-06-01T10:00:00.000Z',
      deliveredAt: '2026-06-01T10:00:05.000Z',
    });
    const expected = createHmac('sha256', 's3cret').update(request!.body).digest('hex');
    expect(request!.headers['x-ipet-signature']).toBe(`sha256=${expected}`);
    expect(request!.headers['x-ipet-delivery']).toBe('pmsg_1');
  });

  it('retries network errors and 5xx with growing waits, and gives up on a 4xx', async () => {
    const sleep = recordingSleep();
    const flaky = fakeFetch([new TypeError('fetch failed'), 503, 200]);
    const hook = createWebhookNotifier({
      url: 'http://hook.test',
      fetch: flaky.fn,
      sleep,
      logger: silentLogger,
    });
    hook.notify([MESSAGE]);
    await hook.drain();
    expect(flaky.requests).toHaveLength(3);
    expect(flaky.requests[0]!.headers['x-ipet-signature']).toBeUndefined();
    expect(sleep.calls).toEqual([1000, 4000]);

    const refused = fakeFetch([400]);
    const other = createWebhookNotifier({
      url: 'http://hook.test',
      fetch: refused.fn,
      sleep,
      logger: silentLogger,
    });
    other.notify([MESSAGE]);
    await other.drain();
    expect(refused.requests).toHaveLength(1);
  });
});
