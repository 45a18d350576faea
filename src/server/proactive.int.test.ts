import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proactiveDeliveryDeps, proactiveFeedFor } from '../app/index.ts';
import type { ProactiveMessage } from '../core/index.ts';
import { deliverDueMessages } from '../proactive/index.ts';
import { openServerFixture, parseSse, type ServerFixture, T0 } from './testing.ts';

/** The messages the pet starts over HTTP: preferences, the list and read marks, and the event stream. */
let f: ServerFixture;
let base: string;
beforeAll(async () => {
  f = await openServerFixture();
  await f.app.listen({ port: 0, host: '127.0.0.1' });
  const address = f.app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await f.close();
});

function planned(userId: string, petId: string, id: string, text: string): ProactiveMessage {
  return {
    id,
    userId,
    petId,
    date: T0.slice(0, 10),
    position: Number(id.replace(/\D/g, '')) || 0,
    dueAt: new Date(T0),
    text,
    groundedIn: '12:00 Picnic',
    status: 'planned',
    skipReason: null,
    createdAt: new Date(T0),
    deliveredAt: null,
    messageId: null,
    readAt: null,
  };
}

const deliver = () =>
  deliverDueMessages(proactiveDeliveryDeps(f.rt, (messages) => proactiveFeedFor(f.rt).publish(messages)));

/** Reads server-sent events from a live stream until `until` holds for the events so far. */
async function readEvents(
  response: Response,
  until: (events: Array<{ event: string | null; data: string }>) => boolean,
) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const events = parseSse(text).filter((e) => e.event !== null);
    if (until(events)) return { events, reader };
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended: ${text}`);
    text += decoder.decode(value, { stream: true });
  }
}

describe('messages the pet starts, over HTTP', () => {
  it('keeps the preferences in the profile; a PATCH changes only the fields it names', async () => {
    const u = await f.signup('Ada');
    const patch = (proactive: Record<string, unknown>) =>
      f.app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers: f.bearer(u.token),
        payload: { proactive },
      });
    const off = await f.app.inject({ method: 'GET', url: '/api/v1/me', headers: f.bearer(u.token) });
    expect(off.json().user.proactive).toEqual({
      enabled: false,
      quietStart: '22:00',
      quietEnd: '08:00',
      dailyCap: 2,
    });
    expect((await patch({ enabled: true, quietStart: '21:30' })).statusCode).toBe(200);
    const res = await patch({ dailyCap: 1 });
    expect(res.json().user.proactive).toEqual({
      enabled: true,
      quietStart: '21:30',
      quietEnd: '08:00',
      dailyCap: 1,
    });
    expect((await patch({ quietEnd: '25:00' })).statusCode).toBe(400);
    expect((await patch({ dailyCap: 9 })).statusCode).toBe(400);
  });

  it('streams a delivered message, lists it unread, shows it in the chat and marks it read', async () => {
    const u = await f.signup('Bea', {
      proactive: { enabled: true, quietStart: '23:00', quietEnd: '06:00', dailyCap: 2 },
    });
    const pet = await f.createPet(u.token);
    const other = await f.signup('Cid', {
      proactive: { enabled: true, quietStart: '23:00', quietEnd: '06:00', dailyCap: 2 },
    });
    const otherPet = await f.createPet(other.token);

    const refused = await f.app.inject({ method: 'GET', url: '/api/v1/events', headers: f.bearer(u.token) });
    expect(refused.statusCode).toBe(400);
    const stream = await fetch(`${base}/api/v1/events`, {
      headers: { ...f.bearer(u.token), accept: 'text/event-stream' },
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const ready = await readEvents(stream, (events) => events.length >= 1);
    expect(JSON.parse(ready.events[0]!.data)).toEqual({ type: 'ready', unread: {} });

    await f.store.proactive.plan([
      planned(u.id, pet.id, 'pmsg_1', 'The picnic had strawberry tarts!'),
      planned(other.id, otherPet.id, 'pmsg_2', 'Not for Bea'),
    ]);
    const settled = await deliver();
    expect(settled.map((m) => m.status)).toEqual(['delivered', 'delivered']);

    const got = await (async () => {
      const decoder = new TextDecoder();
      let text = '';
      while (!parseSse(text).some((e) => e.event === 'proactive')) {
        const { value } = await ready.reader.read();
        text += decoder.decode(value, { stream: true });
      }
      return parseSse(text).filter((e) => e.event === 'proactive');
    })();
    await ready.reader.cancel();
    expect(got.map((e) => JSON.parse(e.data).message.text)).toEqual(['The picnic had strawberry tarts!']);

    const list = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/messages/proactive`,
      headers: f.bearer(u.token),
    });
    expect(list.json()).toMatchObject({ unread: 1, messages: [{ id: 'pmsg_1', readAt: null }] });
    const unread = await f.app.inject({
      method: 'GET',
      url: '/api/v1/messages/proactive/unread',
      headers: f.bearer(u.token),
    });
    expect(unread.json()).toEqual({ unread: { [pet.id]: 1 } });

    const history = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/messages`,
      headers: f.bearer(u.token),
    });
    const messages = history.json().messages as Array<{ id: string; role: string; content: string }>;
    expect(messages.at(-1)).toMatchObject({ role: 'pet', content: 'The picnic had strawberry tarts!' });
    expect(list.json().messages[0].messageId).toBe(messages.at(-1)!.id);

    // Another user's pet answers 404.
    const foreign = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${otherPet.id}/messages/proactive`,
      headers: f.bearer(u.token),
    });
    expect(foreign.statusCode).toBe(404);

    const read = await f.app.inject({
      method: 'POST',
      url: `/api/v1/pets/${pet.id}/messages/proactive/read`,
      headers: f.bearer(u.token),
    });
    expect(read.json()).toEqual({ read: 1 });
    const after = await f.app.inject({
      method: 'GET',
      url: '/api/v1/messages/proactive/unread',
      headers: f.bearer(u.token),
    });
    expect(after.json()).toEqual({ unread: {} });

    // The user's export holds them (with what was planned or skipped).
    const exported = await f.app.inject({
      method: 'GET',
      url: '/api/v1/me/export',
      headers: f.bearer(u.token),
    });
    expect(exported.json().proactiveMessages).toEqual([
      expect.objectContaining({
        id: 'pmsg_1',
        status: 'delivered',
        text: 'The picnic had strawberry tarts!',
      }),
    ]);
  });

  it('describes the routes in the OpenAPI document', async () => {
    const doc = (await f.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/pets/{petId}/messages/proactive',
        '/api/v1/pets/{petId}/messages/proactive/read',
        '/api/v1/messages/proactive/unread',
        '/api/v1/events',
      ]),
    );
    expect(doc.paths['/api/v1/events'].get).toBeDefined();
  });
});
