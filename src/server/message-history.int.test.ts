import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatSession, Message } from '../core/index.ts';
import { messagesResponse } from './schemas.ts';
import { openServerFixture, type ServerFixture } from './testing.ts';

let f: ServerFixture;
let alice: { id: string; token: string };
let bob: { id: string; token: string };
let pet: { id: string };
beforeAll(async () => {
  f = await openServerFixture();
  alice = await f.signup('History Alice');
  bob = await f.signup('History Bob');
  pet = await f.createPet(alice.token, 'Mochi');
  // Two sessions a day apart, three messages each, written straight to the store.
  const day = 24 * 60 * 60 * 1000;
  const start = Date.parse('2026-03-01T09:00:00Z');
  for (const [s, at] of [start, start + day].entries()) {
    const session: ChatSession = {
      id: `ses_h${s}`,
      userId: alice.id,
      petId: pet.id,
      startedAt: new Date(at),
      lastMessageAt: new Date(at),
      closedAt: null,
      extractedAt: null,
    };
    await f.store.chats.createSession(session);
    for (let i = 0; i < 3; i++) {
      const message: Message = {
        id: `msg_h${s}${i}`,
        sessionId: session.id,
        userId: alice.id,
        petId: pet.id,
        role: i % 2 === 0 ? 'user' : 'pet',
        content: `s${s} m${i}`,
        emotion: null,
        status: 'ok',
        idempotencyKey: `key-${s}-${Math.floor(i / 2)}`,
        replyToId: null,
        error: null,
        createdAt: new Date(at + i * 60_000),
      };
      await f.store.chats.appendMessage(message);
    }
  }
});
afterAll(async () => {
  await f.close();
});

async function page(token: string, query: string) {
  const res = await f.app.inject({
    method: 'GET',
    url: `/api/v1/pets/${pet.id}/messages?${query}`,
    headers: f.bearer(token),
  });
  return { status: res.statusCode, body: res.statusCode === 200 ? messagesResponse.parse(res.json()) : null };
}

describe('GET /api/v1/pets/:petId/messages, paged back across sessions', () => {
  it('gives the last page, then the pages before it, each oldest first, with session and turn key', async () => {
    const last = await page(alice.token, 'limit=2');
    expect(last.body!.messages.map((m) => m.content)).toEqual(['s1 m1', 's1 m2']);
    expect(last.body!.messages[0]).toMatchObject({ sessionId: 'ses_h1', idempotencyKey: 'key-1-0' });
    const before = await page(alice.token, `limit=2&before=${last.body!.messages[0]!.id}`);
    expect(before.body!.messages.map((m) => [m.content, m.sessionId])).toEqual([
      ['s0 m2', 'ses_h0'],
      ['s1 m0', 'ses_h1'],
    ]);
    const rest = await page(alice.token, `limit=10&before=${before.body!.messages[0]!.id}`);
    expect(rest.body!.messages.map((m) => m.content)).toEqual(['s0 m0', 's0 m1']);
    const none = await page(alice.token, `limit=10&before=${rest.body!.messages[0]!.id}`);
    expect(none.body!.messages).toEqual([]);
  });

  it("is the owner's only: another user gets 404, and another pair's message as cursor gives nothing", async () => {
    expect((await page(bob.token, 'limit=5')).status).toBe(404);
    const bobPet = await f.createPet(bob.token, 'Bean');
    const res = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${bobPet.id}/messages?limit=5&before=msg_h12`,
      headers: f.bearer(bob.token),
    });
    expect(messagesResponse.parse(res.json()).messages).toEqual([]);
  });

  it('rejects a bad page size', async () => {
    expect((await page(alice.token, 'limit=0')).status).toBe(400);
  });
});

describe('GET /api/v1/pets/:petId/days/:date?build=false', () => {
  it('reads a stored day only: 404 before the day is made, then the day with the local time on today', async () => {
    const url = (date: string, build: string) => `/api/v1/pets/${pet.id}/days/${date}${build}`;
    const today = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/today`,
      headers: f.bearer(alice.token),
    });
    const { date, now } = today.json() as { date: string; now: string | null };
    expect(now).toMatch(/^\d\d:\d\d$/);
    const next = new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const missing = await f.app.inject({
      method: 'GET',
      url: url(next, '?build=false'),
      headers: f.bearer(alice.token),
    });
    expect(missing.statusCode).toBe(404);
    expect((missing.json() as { error: { code: string } }).error.code).toBe('not_found');
    const stored = await f.app.inject({
      method: 'GET',
      url: url(date, '?build=false'),
      headers: f.bearer(alice.token),
    });
    expect(stored.statusCode).toBe(200);
    const other = await f.app.inject({
      method: 'GET',
      url: url(date, '?build=false'),
      headers: f.bearer(bob.token),
    });
    expect(other.statusCode).toBe(404);
  });
});
