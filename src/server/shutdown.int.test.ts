import { describe, expect, it } from 'vitest';
import { openServerFixture, parseSse } from './testing.ts';

/**
 * Closing the server (what SIGTERM does in `ipet serve`) with a chat turn in flight: the turn finishes within
 * the grace period, or is aborted cleanly after it - an `error` part, its reply stored as failed - and the
 * store is still open for that write.
 */
async function turnInFlight(graceMs: number, latencyMs: number) {
  const f = await openServerFixture({ shutdownGraceMs: graceMs });
  const { token } = await f.signup('Ann');
  const pet = await f.createPet(token);
  f.sim.configure({ latencyMs });
  const response = f.app.inject({
    method: 'POST',
    url: `/api/v1/pets/${pet.id}/chat`,
    headers: { ...f.bearer(token), 'content-type': 'application/json' },
    payload: { text: 'What are you doing?', idempotencyKey: 'k-1' },
  });
  // The turn is in flight once its pending reply is stored.
  const user = (await f.store.users.list())[0]!;
  for (;;) {
    const messages = await f.store.chats.recentMessages(user.id, pet.id, 10);
    if (messages.some((m) => m.role === 'pet' && m.status === 'pending')) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const closing = f.app.close();
  const events = parseSse((await response).body).map((e) => e.event);
  await closing;
  const replies = (await f.store.chats.recentMessages(user.id, pet.id, 10)).filter(
    (m) => m.role === 'pet' && m.replyToId !== null,
  );
  await f.rt.close();
  await f.sim.close();
  return { events, replies };
}

describe('closing the server with a chat turn in flight', () => {
  it('lets the turn finish within the grace period and stores its reply', async () => {
    const { events, replies } = await turnInFlight(30_000, 300);
    expect(events.at(-1)).toBe('finish');
    expect(replies.map((m) => m.status)).toEqual(['ok']);
  });

  it('aborts it cleanly after the grace period: an error part, its reply stored as failed', async () => {
    const { events, replies } = await turnInFlight(100, 60_000);
    expect(events).toContain('turn-start');
    expect(events.at(-1)).toBe('error');
    expect(replies.map((m) => m.status)).toEqual(['failed']);
  });
});
